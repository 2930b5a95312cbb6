using System.Globalization;
using System.Text;
using System.Text.Json;
using Actors.Host.Cli;

namespace Actors.Host.Tests.Cli;

/// <summary>
/// The HOCON equivalence suites of lightbend/config (../shared/conformance/hocon-equivalence) through the host's own
/// <c>config --config &lt;document&gt; --json</c>: in each folder, every <c>.conf</c>/<c>.json</c> document, given as the
/// user's file, must print the same tree as <c>original.json</c>. The host prints its own sections (reference.conf,
/// akka) around the document's; those are the ones <c>config --json</c> prints without a file, and are set aside.
/// </summary>
public sealed class ConfigEquivalenceTests
{
    public static TheoryData<string, string> Documents()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(EquivalenceRoot()).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name != "original.json" && (name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)))
                {
                    data.Add(Path.GetFileName(folder), name);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_conformance_folders_are_present()
    {
        Assert.True(Documents().Count() >= 12, $"expected the equivalence documents under {EquivalenceRoot()}");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_document_prints_the_tree_of_original_json_through_config_json(string folder, string file)
    {
        var directory = Path.Combine(EquivalenceRoot(), folder);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "original.json")));
        using var hostOnly = JsonDocument.Parse(await ConfigJson());
        using var printed = JsonDocument.Parse(await ConfigJson("--config", Path.Combine(directory, file)));

        var hostSections = hostOnly.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("akka", hostSections);
        Assert.DoesNotContain(expected.RootElement.EnumerateObject(), p => hostSections.Contains(p.Name));

        // The host's own sections are printed as without the document, and the rest is the document's tree.
        foreach (var section in hostSections)
        {
            Assert.Equal(Canonical(hostOnly.RootElement.GetProperty(section)), Canonical(printed.RootElement.GetProperty(section)));
        }

        var documentPart = printed.RootElement.EnumerateObject().Where(p => !hostSections.Contains(p.Name));
        Assert.Equal(Canonical(expected.RootElement), CanonicalObject(documentPart));
    }

    private static async Task<string> ConfigJson(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await HostCommandLine.RunAsync(["config", "--json", .. args], output, error);
        Assert.True(exit == 0, error.ToString());
        return output.ToString();
    }

    /// <summary>Keys sorted, numbers by value: two JSON texts of the same tree compare equal whatever their layout.</summary>
    private static string Canonical(JsonElement element)
    {
        var builder = new StringBuilder();
        Append(builder, element);
        return builder.ToString();
    }

    private static string CanonicalObject(IEnumerable<JsonProperty> properties)
    {
        var builder = new StringBuilder();
        AppendObject(builder, properties);
        return builder.ToString();
    }

    private static void AppendObject(StringBuilder builder, IEnumerable<JsonProperty> properties)
    {
        builder.Append('{');
        foreach (var property in properties.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            builder.Append(JsonSerializer.Serialize(property.Name)).Append(':');
            Append(builder, property.Value);
            builder.Append(',');
        }

        builder.Append('}');
    }

    private static void Append(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                AppendObject(builder, element.EnumerateObject());
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

    private static string EquivalenceRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "hocon-equivalence"));
            }
        }

        throw new InvalidOperationException($"Actors.sln not found above {AppContext.BaseDirectory}");
    }
}
