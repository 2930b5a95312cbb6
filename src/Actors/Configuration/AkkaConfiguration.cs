using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

using AkkaConfig = Akka.Configuration.Config;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

/// <summary>
/// Hands Akka.NET the <c>akka</c> settings of a configuration our front end has already resolved. Our HOCON parser
/// reads the user's files (includes, substitutions, environment variables — where Akka.NET 1.5's parser falls short of
/// the spec), and every layer of <see cref="ActorsConfiguration"/> applies; what reaches Akka.NET is one resolved
/// <see cref="AkkaConfig"/> with plain values, under which the caller puts Akka's own defaults and a plugin's
/// <c>DefaultConfiguration</c> as fallbacks. Any <see cref="IConfiguration"/> works (JSON, environment), not only HOCON.
/// </summary>
public static class AkkaConfiguration
{
    /// <summary>The root under which Akka.NET's settings live, as in Akka's own HOCON.</summary>
    public const string Root = "akka";

    /// <summary>
    /// The <c>akka</c> section of <paramref name="configuration"/> as Akka.NET configuration (empty when there is none),
    /// keys rooted at <c>akka</c> as Akka.NET expects.
    /// </summary>
    public static AkkaConfig FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Root);
        return section.Exists() ? AkkaConfigurationFactory.ParseString(ToHocon(section)) : AkkaConfig.Empty;
    }

    /// <summary>Renders a configuration section as HOCON text rooted at the section's key.</summary>
    internal static string ToHocon(IConfigurationSection section)
    {
        var builder = new StringBuilder();
        AppendKey(builder, section.Key);
        builder.Append(" = ");
        AppendValue(builder, section, indent: 0);
        builder.Append('\n');
        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, IConfigurationSection section, int indent)
    {
        var children = section.GetChildren().ToArray();
        if (children.Length == 0)
        {
            // A leaf. Every value is quoted: Akka.NET reads numbers, booleans, durations and sizes from strings, and
            // quoting keeps paths, URLs and connection strings intact. A HOCON null arrives as a missing value.
            if (section.Value is null)
            {
                builder.Append("null");
            }
            else
            {
                AppendQuoted(builder, section.Value);
            }

            return;
        }

        if (IsArray(children))
        {
            builder.Append("[\n");
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                builder.Append(' ', (indent + 1) * 2);
                AppendValue(builder, child, indent + 1);
                builder.Append('\n');
            }

            builder.Append(' ', indent * 2).Append(']');
            return;
        }

        builder.Append("{\n");
        foreach (var child in children)
        {
            builder.Append(' ', (indent + 1) * 2);
            AppendKey(builder, child.Key);
            builder.Append(" = ");
            AppendValue(builder, child, indent + 1);
            builder.Append('\n');
        }

        builder.Append(' ', indent * 2).Append('}');
    }

    // Microsoft.Extensions.Configuration writes array elements as children named 0, 1, 2, ...
    private static bool IsArray(IConfigurationSection[] children)
    {
        var indexes = new HashSet<int>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || !indexes.Add(index))
            {
                return false;
            }
        }

        return indexes.Min() == 0 && indexes.Max() == children.Length - 1;
    }

    // Each key is one path segment, so it is always quoted: type names ("Actors.X, Actors") contain dots.
    private static void AppendKey(StringBuilder builder, string key) => AppendQuoted(builder, key);

    private static void AppendQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
