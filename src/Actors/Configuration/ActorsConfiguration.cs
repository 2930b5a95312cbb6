using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// Builds the configuration a process runs with, in increasing precedence:
/// <list type="number">
/// <item><c>reference.conf</c> (embedded; every setting with its default),</item>
/// <item>the user's HOCON file, if any,</item>
/// <item>environment variables in .NET form under the known roots: <c>actors__ask-timeout=2s</c> (<c>__</c> separates path segments),</item>
/// <item><c>-D key=value</c> overrides from the command line (HOCON paths, e.g. <c>actors.ask-timeout=2s</c>).</item>
/// </list>
/// All layers are merged and resolved together as HOCON, so a substitution such as <c>${store.data-dir}</c> sees the
/// winning value whichever layer set it, and every value keeps its origin (file and line, or the layer's name).
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
    /// <param name="userFile">The user's HOCON file, or null.</param>
    /// <param name="overrides"><c>key=value</c> pairs from the command line.</param>
    /// <param name="environment">Environment variables to consider; null reads the process's.</param>
    /// <param name="options">Substitution options.</param>
    public static HoconConfig LoadHocon(
        string? userFile = null,
        IEnumerable<string>? overrides = null,
        IReadOnlyDictionary<string, string>? environment = null,
        HoconOptions? options = null)
    {
        var sources = new List<HoconSource>();
        var overrideText = OverridesToHocon(overrides);
        if (overrideText.Length > 0)
        {
            sources.Add(HoconSource.FromString(overrideText, "-D overrides"));
        }

        var environmentText = OverridesToHocon(EnvironmentOverrides(environment ?? ProcessEnvironment()));
        if (environmentText.Length > 0)
        {
            sources.Add(HoconSource.FromString(environmentText, "environment variables"));
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

    /// <summary>The roots whose settings environment variables may override.</summary>
    public static IReadOnlyList<string> Roots { get; } = ["akka", "actors", "store", "host", "cluster", "lab"];

    /// <summary>The full <see cref="IConfiguration"/> of all layers (see <see cref="ActorsConfiguration"/>).</summary>
    public static IConfigurationRoot Build(string? userFile = null, IEnumerable<string>? overrides = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new ConfigurationBuilder().AddHoconConfig(LoadHocon(userFile, overrides, environment)).Build();

    /// <summary>
    /// The <c>key=value</c> overrides that environment variables make: <c>store__shards=16</c> becomes
    /// <c>store.shards=16</c>. Only variables under <see cref="Roots"/> count, so unrelated variables never leak in.
    /// </summary>
    public static IReadOnlyList<string> EnvironmentOverrides(IReadOnlyDictionary<string, string> environment) =>
        environment
            .Where(kv => Roots.Any(root => kv.Key.StartsWith(root + "__", StringComparison.Ordinal)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key.Replace("__", ".", StringComparison.Ordinal)}={kv.Value}")
            .ToArray();

    private static Dictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);

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
