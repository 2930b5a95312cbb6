using System.Diagnostics.CodeAnalysis;

namespace Actors.Configuration.Hocon;

/// <summary>
/// A resolved HOCON configuration: a tree with every substitution replaced, plus typed getters that take HOCON paths
/// such as <c>actors.ask-timeout</c>.
/// </summary>
/// <remarks>
/// <para>
/// Load an application file over the library defaults with <see cref="Load(HoconSource, HoconSource?, HoconOptions?)"/>:
/// the two are merged first and resolved together, so the user file may refer to defaults and defaults see user
/// overrides (the "reference.conf" convention of Typesafe config).
/// </para>
/// <para>
/// Getters throw <see cref="HoconException"/> naming the path when it is missing, null, or of a type that does not
/// convert; the overloads with a default value return it when the path is missing or null.
/// </para>
/// </remarks>
public sealed class HoconConfig
{
    // The merged tree before resolution, kept so that WithFallback can re-resolve across both configurations.
    private readonly HoconObject _unresolved;
    private readonly HoconOptions _options;

    private HoconConfig(HoconObject root, HoconObject unresolved, HoconOptions options)
    {
        Root = root;
        _unresolved = unresolved;
        _options = options;
    }

    /// <summary>A configuration with no values.</summary>
    public static HoconConfig Empty { get; } = new(HoconObject.Empty(), HoconObject.Empty(), HoconOptions.Default);

    /// <summary>The resolved root object.</summary>
    public HoconObject Root { get; }

    /// <summary>Parses and resolves HOCON (or JSON) text.</summary>
    /// <exception cref="HoconParseException">The text is not valid HOCON.</exception>
    /// <exception cref="HoconResolveException">A substitution cannot be resolved.</exception>
    public static HoconConfig Parse(string text, HoconOptions? options = null) =>
        Load([HoconSource.FromString(text)], options);

    /// <summary>Parses and resolves a file; relative includes are looked up next to it.</summary>
    public static HoconConfig ParseFile(string path, HoconOptions? options = null) =>
        Load([HoconSource.FromFile(path)], options);

    /// <summary>
    /// Loads <paramref name="source"/> over <paramref name="fallback"/> (typically the reference configuration),
    /// then resolves substitutions on the merged tree.
    /// </summary>
    public static HoconConfig Load(HoconSource source, HoconSource? fallback = null, HoconOptions? options = null) =>
        Load(fallback is null ? [source] : [source, fallback], options);

    /// <summary>Loads documents, the first one winning over the later ones, and resolves them together.</summary>
    public static HoconConfig Load(IEnumerable<HoconSource> sources, HoconOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= HoconOptions.Default;
        var includer = new HoconIncluder();
        HoconObject? merged = null;
        foreach (var source in sources)
        {
            var parsed = source.Parse(includer);
            if (parsed is not null)
            {
                merged = merged is null ? parsed : (HoconObject)HoconMerge.WithFallback(merged, parsed);
            }
        }

        merged ??= HoconObject.Empty();
        return new HoconConfig(HoconResolver.Resolve(merged, options.EnvironmentLookup), merged, options);
    }

    /// <summary>
    /// Returns this configuration merged over <paramref name="fallback"/>: objects merge, any other value of this one
    /// wins. Substitutions are resolved again on the merged tree, as if both had been loaded together.
    /// </summary>
    public HoconConfig WithFallback(HoconConfig fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var merged = (HoconObject)HoconMerge.WithFallback(_unresolved, fallback._unresolved);
        return new HoconConfig(HoconResolver.Resolve(merged, _options.EnvironmentLookup), merged, _options);
    }

    /// <summary>Whether the path exists and is not null (as in Typesafe config's <c>hasPath</c>).</summary>
    public bool HasPath(string path) => TryGetValue(path, out var value) && value.Type != HoconValueType.Null;

    /// <summary>Gets the value at a path, including null; false when the path is not defined.</summary>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value) =>
        TryGetValue(HoconPath.Parse(path), out value);

    /// <summary>Gets the value at a path, which may be null.</summary>
    /// <exception cref="HoconException">The path is not defined.</exception>
    public HoconValue GetValue(string path)
    {
        var parsed = HoconPath.Parse(path);
        return TryGetValue(parsed, out var value) ? value : throw Missing(parsed);
    }

    /// <summary>The object at a path as a configuration of its own, for handing a subsystem its section.</summary>
    public HoconConfig GetConfig(string path)
    {
        var obj = GetObject(path);
        return new HoconConfig(obj, obj, _options);
    }

    /// <summary>The object at a path.</summary>
    public HoconObject GetObject(string path) => Get<HoconObject>(path, "an object", TryGetObject);

    /// <summary>A string; numbers and booleans convert to their text.</summary>
    public string GetString(string path) => Get<string>(path, "a string", HoconConvert.TryGetString);

    public string GetString(string path, string defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    /// <summary>A boolean: <c>true</c>/<c>false</c>, or the strings <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>.</summary>
    public bool GetBoolean(string path) => Get<bool>(path, "a boolean (true/false, yes/no, on/off)", HoconConvert.TryGetBoolean);

    public bool GetBoolean(string path, bool defaultValue) => HasPath(path) ? GetBoolean(path) : defaultValue;

    public int GetInt(string path) => Get<int>(path, "a 32-bit integer", TryGetInt32);

    public int GetInt(string path, int defaultValue) => HasPath(path) ? GetInt(path) : defaultValue;

    public long GetLong(string path) => Get<long>(path, "a 64-bit integer", HoconConvert.TryGetInt64);

    public long GetLong(string path, long defaultValue) => HasPath(path) ? GetLong(path) : defaultValue;

    public double GetDouble(string path) => Get<double>(path, "a number", HoconConvert.TryGetDouble);

    public double GetDouble(string path, double defaultValue) => HasPath(path) ? GetDouble(path) : defaultValue;

    /// <summary>A duration such as <c>5s</c> or <c>250ms</c>; a bare number is milliseconds. See <see cref="HoconDuration"/>.</summary>
    public TimeSpan GetDuration(string path) => Get<TimeSpan>(path, HoconDuration.ExpectedForms, HoconConvert.TryGetDuration);

    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => HasPath(path) ? GetDuration(path) : defaultValue;

    /// <summary>A size in bytes such as <c>64KiB</c> or <c>10MB</c>; a bare number is bytes. See <see cref="HoconSize"/>.</summary>
    public long GetBytes(string path) => Get<long>(path, HoconSize.ExpectedForms, HoconConvert.TryGetBytes);

    public long GetBytes(string path, long defaultValue) => HasPath(path) ? GetBytes(path) : defaultValue;

    /// <summary>
    /// The array at a path; an object with numeric keys (<c>{ "0": a, "1": b }</c>, as written by <c>a.0 = x</c>)
    /// is read as an array in key order.
    /// </summary>
    public IReadOnlyList<HoconValue> GetList(string path) => Get<HoconArray>(path, "an array", HoconConvert.TryGetList);

    public IReadOnlyList<string> GetStringList(string path) => GetList<string>(path, "strings", HoconConvert.TryGetString);

    public IReadOnlyList<bool> GetBooleanList(string path) => GetList<bool>(path, "booleans", HoconConvert.TryGetBoolean);

    public IReadOnlyList<int> GetIntList(string path) => GetList<int>(path, "32-bit integers", TryGetInt32);

    public IReadOnlyList<long> GetLongList(string path) => GetList<long>(path, "64-bit integers", HoconConvert.TryGetInt64);

    public IReadOnlyList<double> GetDoubleList(string path) => GetList<double>(path, "numbers", HoconConvert.TryGetDouble);

    public IReadOnlyList<TimeSpan> GetDurationList(string path) => GetList<TimeSpan>(path, "durations such as 500ms, 5s, 2m", HoconConvert.TryGetDuration);

    public IReadOnlyList<long> GetBytesList(string path) => GetList<long>(path, "sizes in bytes such as 512, 64KiB, 10MB", HoconConvert.TryGetBytes);

    /// <summary>An array of objects, each as a configuration.</summary>
    public IReadOnlyList<HoconConfig> GetConfigList(string path) => GetList<HoconConfig>(path, "objects", TryGetConfig);

    /// <summary>Renders the configuration, or the value at <paramref name="path"/>, as HOCON.</summary>
    public string ToHocon(string? path = null) => HoconRenderer.ToHocon(path is null ? Root : GetValue(path));

    /// <summary>Renders the configuration, or the value at <paramref name="path"/>, as JSON.</summary>
    public string ToJson(string? path = null, bool indented = true) =>
        HoconRenderer.ToJson(path is null ? Root : GetValue(path), indented);

    /// <summary>The configuration as HOCON.</summary>
    public override string ToString() => ToHocon();

    private bool TryGetValue(HoconPath path, [NotNullWhen(true)] out HoconValue? value)
    {
        value = Root;
        foreach (var key in path)
        {
            if (value is not HoconObject obj || !obj.TryGetValue(key, out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    private HoconException Missing(HoconPath path)
    {
        // Name the deepest part of the path that does exist; it is usually where the typo is.
        HoconValue node = Root;
        for (var i = 0; i < path.Count; i++)
        {
            if (node is not HoconObject obj || !obj.TryGetValue(path[i], out var child))
            {
                var parent = i == 0 ? "the root object" : $"'{path.Take(i)}' ({HoconConvert.Describe(node)} at {node.Origin})";
                return new HoconException(
                    $"No configuration value at '{path}': {parent} has no key '{path[i]}'");
            }

            node = child;
        }

        return new HoconException($"No configuration value at '{path}'");
    }

    private static bool TryGetObject(HoconValue value, out HoconObject result)
    {
        result = (value as HoconObject)!;
        return result is not null;
    }

    private static bool TryGetInt32(HoconValue value, out int result)
    {
        result = 0;
        if (!HoconConvert.TryGetInt64(value, out var wide) || wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        result = (int)wide;
        return true;
    }

    private bool TryGetConfig(HoconValue value, out HoconConfig result)
    {
        result = value is HoconObject obj ? new HoconConfig(obj, obj, _options) : null!;
        return result is not null;
    }

    private delegate bool TryConvert<T>(HoconValue value, out T result);

    private T Get<T>(string path, string expected, TryConvert<T> convert)
    {
        var parsed = HoconPath.Parse(path);
        if (!TryGetValue(parsed, out var value))
        {
            throw Missing(parsed);
        }

        return convert(value, out var result) ? result : throw WrongType(parsed, value, expected);
    }

    private IReadOnlyList<T> GetList<T>(string path, string expected, TryConvert<T> convert)
    {
        var list = GetList(path);
        var parsed = HoconPath.Parse(path);
        var result = new T[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (!convert(list[i], out result[i]))
            {
                throw WrongType(parsed, list[i], $"a list of {expected}", $" (element {i})");
            }
        }

        return result;
    }

    private static HoconException WrongType(HoconPath path, HoconValue found, string expected, string where = "") =>
        new(found.Origin, $"invalid value at '{path}'{where}: expected {expected} but found {HoconConvert.Describe(found)}");
}
