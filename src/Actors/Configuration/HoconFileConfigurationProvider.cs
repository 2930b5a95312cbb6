using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>Loads a HOCON file into flat Microsoft.Extensions.Configuration keys.</summary>
/// <remarks>
/// Errors surface as the <see cref="InvalidDataException"/> every file provider throws, with the
/// <see cref="HoconException"/> (file, line, column, what was expected) as its inner exception.
/// </remarks>
public sealed class HoconFileConfigurationProvider : FileConfigurationProvider
{
    public HoconFileConfigurationProvider(HoconFileConfigurationSource source)
        : base(source)
    {
    }

    public override void Load(Stream stream)
    {
        string text;
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        // Includes are relative to the file itself, so the provider needs its physical location, not just the stream.
        var physicalPath = Source.Path is null ? null : Source.FileProvider?.GetFileInfo(Source.Path).PhysicalPath;
        var document = HoconSource.FromString(
            text,
            name: physicalPath ?? Source.Path,
            baseDirectory: physicalPath is null ? null : Path.GetDirectoryName(physicalPath));
        var config = HoconConfig.Load(document, fallback: null, ((HoconFileConfigurationSource)Source).Options);
        Data = HoconConfigurationFlattener.Flatten(config.Root);
    }
}
