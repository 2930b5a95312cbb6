namespace Actors.Configuration.Hocon;

/// <summary>One document to load: a file or a string. See <see cref="HoconConfig.Load(IEnumerable{HoconSource}, HoconOptions?)"/>.</summary>
public sealed class HoconSource
{
    private readonly string? _path;
    private readonly bool _optional;
    private readonly string? _text;
    private readonly string _name;
    private readonly string? _baseDirectory;

    private HoconSource(string? path, bool optional, string? text, string name, string? baseDirectory)
    {
        _path = path;
        _optional = optional;
        _text = text;
        _name = name;
        _baseDirectory = baseDirectory;
    }

    /// <summary>A file; its includes are relative to its directory.</summary>
    /// <param name="path">The file; relative to the current directory when not absolute.</param>
    /// <param name="optional">When true, a missing file is an empty document instead of an error.</param>
    public static HoconSource FromFile(string path, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new HoconSource(path, optional, text: null, path, baseDirectory: null);
    }

    /// <summary>Text that did not come from a file.</summary>
    /// <param name="text">The HOCON or JSON text.</param>
    /// <param name="name">The name used in error messages; <c>&lt;string&gt;</c> by default.</param>
    /// <param name="baseDirectory">
    /// Where relative includes are looked up; by default the application's base directory, never the current directory.
    /// </param>
    public static HoconSource FromString(string text, string? name = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HoconSource(path: null, optional: false, text, name ?? HoconOrigin.StringSource, baseDirectory);
    }

    /// <summary>The name used in error messages.</summary>
    public override string ToString() => _name;

    internal HoconObject? Parse(HoconIncluder includer) =>
        _text is not null ? includer.ParseText(_text, _name, _baseDirectory) : includer.ParseFile(_path!, _optional);
}
