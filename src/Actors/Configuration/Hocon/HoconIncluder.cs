namespace Actors.Configuration.Hocon;

/// <summary>
/// Reads documents from files: the top-level ones and those named by <c>include</c> statements. Relative names are
/// taken relative to the including file's directory, never the process's current directory.
/// </summary>
internal sealed class HoconIncluder
{
    // The include chain from the top-level document down to the one being parsed, to reject include cycles.
    private readonly List<string> _chain = [];

    /// <summary>Where relative includes of documents that did not come from a file are looked up.</summary>
    public static string DefaultBaseDirectory => AppContext.BaseDirectory;

    /// <summary>Parses text that did not come from a file; its root must be an object.</summary>
    public HoconObject ParseText(string text, string source, string? baseDirectory) =>
        RequireObject(HoconParser.Parse(text, source, baseDirectory ?? DefaultBaseDirectory, this), source);

    /// <summary>Parses a top-level file; null when it is missing and <paramref name="optional"/>.</summary>
    public HoconObject? ParseFile(string path, bool optional)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            if (optional)
            {
                return null;
            }

            throw new HoconException($"{path}: the configuration file was not found (looked for {fullPath})");
        }

        return ParseExistingFile(fullPath, path, new HoconOrigin(path, 1, 1));
    }

    /// <summary>
    /// Resolves an include statement. A name with an extension names one file; a name without one is a basename for
    /// which <c>.json</c> then <c>.conf</c> are loaded and merged (the spec's "files in HOCON format are parsed last").
    /// </summary>
    /// <returns>The included object, or null when a non-required include names no existing file.</returns>
    public HoconObject? Include(string name, bool required, string? baseDirectory, HoconOrigin origin)
    {
        var basePath = Path.IsPathRooted(name) ? name : Path.Combine(baseDirectory ?? DefaultBaseDirectory, name);
        basePath = Path.GetFullPath(basePath);
        string[] candidates = Path.HasExtension(name) ? [basePath] : [basePath + ".json", basePath + ".conf"];

        HoconObject? result = null;
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            var parsed = ParseExistingFile(candidate, candidate, origin);
            result = result is null ? parsed : (HoconObject)HoconMerge.MergeInPlace(parsed, result);
        }

        if (result is null && required)
        {
            throw new HoconParseException(
                origin,
                $"expected the required include \"{name}\" to exist but no file was found (looked for {string.Join(", ", candidates)})");
        }

        return result;
    }

    private HoconObject ParseExistingFile(string fullPath, string source, HoconOrigin includedFrom)
    {
        if (_chain.Contains(fullPath, StringComparer.Ordinal))
        {
            throw new HoconParseException(
                includedFrom,
                $"expected includes to form no cycle but {fullPath} includes itself ({string.Join(" -> ", _chain)} -> {fullPath})");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconParseException(includedFrom, $"could not read {fullPath}: {e.Message}", e);
        }

        _chain.Add(fullPath);
        try
        {
            return RequireObject(HoconParser.Parse(text, source, Path.GetDirectoryName(fullPath), this), source);
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    private static HoconObject RequireObject(HoconValue root, string source) =>
        root as HoconObject ?? throw new HoconParseException(
            root.Origin,
            $"expected {source} to contain an object at its root but found an array");
}
