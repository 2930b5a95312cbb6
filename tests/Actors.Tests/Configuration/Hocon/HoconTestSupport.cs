using System.Globalization;
using System.Text;
using System.Text.Json;
using Actors.Configuration.Hocon;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>Helpers shared by the HOCON tests: parsing without the process environment, and tree comparison.</summary>
internal static class HoconTestSupport
{
    /// <summary>Parses and resolves with no environment fallback, so results never depend on the machine.</summary>
    public static HoconConfig Parse(string text) => HoconConfig.Parse(text, HoconOptions.NoEnvironment);

    public static HoconConfig Parse(string text, IReadOnlyDictionary<string, string> environment) =>
        HoconConfig.Parse(text, HoconOptions.WithEnvironment(environment));

    /// <summary>
    /// A canonical JSON form for comparing trees: keys sorted, numbers by value, so that two documents that mean
    /// the same tree compare equal whatever their layout.
    /// </summary>
    public static string Canonical(HoconValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    /// <summary>The canonical form of a JSON text, parsed with System.Text.Json as an independent reference.</summary>
    public static string CanonicalJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var builder = new StringBuilder();
        Append(builder, document.RootElement);
        return builder.ToString();
    }

    public static void AssertTree(string expectedJson, HoconConfig actual) =>
        Assert.Equal(CanonicalJson(expectedJson), Canonical(actual.Root));

    /// <summary>Locates the repository root (the directory holding Actors.sln) from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Actors.sln not found above {AppContext.BaseDirectory}");
    }

    private static void Append(StringBuilder builder, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                builder.Append('{');
                foreach (var key in obj.Keys.Order(StringComparer.Ordinal))
                {
                    builder.Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(builder, obj[key]);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case HoconArray array:
                builder.Append('[');
                foreach (var item in array)
                {
                    Append(builder, item);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case HoconScalar { Type: HoconValueType.Number } number:
                number.TryGetDouble(out var d);
                builder.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case HoconScalar { Type: HoconValueType.String } text:
                builder.Append(JsonSerializer.Serialize(text.Text));
                break;
            case HoconScalar scalar:
                builder.Append(scalar.Text);
                break;
        }
    }

    private static void Append(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Append(builder, property.Value);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    Append(builder, item);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                builder.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }
}
