using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// Builds the configuration a process runs with, in increasing precedence:
/// <list type="number">
/// <item><c>reference.conf</c> (embedded; every setting with its default),</item>
/// <item>the user's HOCON file, if any (merged with the reference and resolved together, so substitutions see both),</item>
/// <item><c>-D key=value</c> overrides (HOCON paths, e.g. <c>actors.ask-timeout=2s</c>),</item>
/// <item>environment variables, in .NET form: <c>actors__ask-timeout=2s</c> (<c>__</c> separates path segments).</item>
/// </list>
/// </summary>
public static class ActorsConfiguration
{
    private static readonly Lazy<string> Reference = new(LoadReference);

    /// <summary>The text of <c>hocon/reference.conf</c>, embedded in this assembly.</summary>
    public static string ReferenceText => Reference.Value;

    /// <summary>The reference configuration alone, resolved (without environment fallback).</summary>
    public static HoconConfig ReferenceConfig => HoconConfig.Load(HoconSource.FromString(ReferenceText, "reference.conf"), options: HoconOptions.NoEnvironment);

    /// <summary>
    /// Loads the HOCON layers (reference, user file, <c>-D</c> overrides) merged and resolved together. This is the
    /// tree that <see cref="Build"/> flattens, and what the host's <c>config</c> command prints, with origins.
    /// </summary>
    /// <exception cref="HoconException">A file is malformed or a substitution cannot be resolved (with file, line and column).</exception>
    public static HoconConfig LoadHocon(string? userFile = null, IEnumerable<string>? overrides = null, HoconOptions? options = null)
    {
        var sources = new List<HoconSource>();
        var overrideText = OverridesToHocon(overrides);
        if (overrideText.Length > 0)
        {
            sources.Add(HoconSource.FromString(overrideText, "-D overrides"));
        }

        if (userFile is not null)
        {
            if (!File.Exists(userFile))
            {
                throw new FileNotFoundException($"The configuration file '{userFile}' does not exist (full path: {Path.GetFullPath(userFile)}).", userFile);
            }

            sources.Add(HoconSource.FromFile(userFile));
        }

        sources.Add(HoconSource.FromString(ReferenceText, "reference.conf"));
        return HoconConfig.Load(sources, options);
    }

    /// <summary>The full <see cref="IConfiguration"/>: the HOCON layers, then environment variables on top.</summary>
    public static IConfigurationRoot Build(string? userFile = null, IEnumerable<string>? overrides = null, bool environmentVariables = true)
    {
        var builder = new ConfigurationBuilder().AddHoconConfig(LoadHocon(userFile, overrides));
        if (environmentVariables)
        {
            builder.AddEnvironmentVariables();
        }

        return builder.Build();
    }

    /// <summary>Configuration from HOCON text over the reference (for tests and code-first setups).</summary>
    public static IConfigurationRoot FromHocon(string hocon) =>
        new ConfigurationBuilder()
            .AddHoconConfig(HoconConfig.Load([HoconSource.FromString(hocon, "<string>"), HoconSource.FromString(ReferenceText, "reference.conf")], HoconOptions.NoEnvironment))
            .Build();

    /// <summary>Turns <c>key=value</c> overrides into HOCON lines; a malformed one is a clear error.</summary>
    public static string OverridesToHocon(IEnumerable<string>? overrides)
    {
        if (overrides is null)
        {
            return string.Empty;
        }

        var lines = new List<string>();
        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Override '{item}' is not of the form key=value (e.g. -D store.shards=16).");
            }

            var key = item[..equals].Trim();
            var value = item[(equals + 1)..].Trim();
            lines.Add($"{key} = {(LooksLikeHoconValue(value) ? value : Quote(value))}");
        }

        return string.Join('\n', lines);
    }

    // Unquoted scalars keep HOCON's typing (numbers, booleans, durations); anything else is quoted so that paths,
    // URLs and connection strings survive intact.
    private static bool LooksLikeHoconValue(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_') ||
        value.StartsWith('"') || value.StartsWith('[') || value.StartsWith('{') || value.StartsWith("${", StringComparison.Ordinal);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string LoadReference()
    {
        using var stream = typeof(ActorsConfiguration).Assembly.GetManifestResourceStream("Actors.reference.conf")
            ?? throw new InvalidOperationException("reference.conf is not embedded in the Actors assembly; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
