namespace Actors.Configuration.Hocon;

/// <summary>How substitutions are resolved.</summary>
public sealed class HoconOptions
{
    /// <summary>Resolves with the process environment as the fallback for substitutions.</summary>
    public static HoconOptions Default { get; } = new();

    /// <summary>Resolves with no environment fallback: a substitution not found in the configuration is undefined.</summary>
    public static HoconOptions NoEnvironment { get; } = new() { UseEnvironmentVariables = false };

    /// <summary>
    /// Whether a substitution not found in the configuration is looked up as an environment variable named by its
    /// path (<c>${HOME}</c> reads <c>HOME</c>, <c>${a.b}</c> reads <c>a.b</c>). A path set to <c>null</c> in the
    /// configuration is found, so it never reaches the environment. Default: true.
    /// </summary>
    public bool UseEnvironmentVariables { get; init; } = true;

    /// <summary>
    /// The environment lookup; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>. Tests inject a
    /// dictionary here instead of changing the process environment. An empty string counts as not set.
    /// </summary>
    public Func<string, string?>? EnvironmentVariables { get; init; }

    internal Func<string, string?>? EnvironmentLookup =>
        UseEnvironmentVariables ? EnvironmentVariables ?? Environment.GetEnvironmentVariable : null;

    /// <summary>Options that read environment variables from a dictionary rather than the process.</summary>
    public static HoconOptions WithEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new HoconOptions { EnvironmentVariables = name => variables.TryGetValue(name, out var value) ? value : null };
    }
}
