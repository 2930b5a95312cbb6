using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>Loads a <see cref="HoconConfigurationSource"/> into flat Microsoft.Extensions.Configuration keys.</summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    public HoconConfigurationSource Source { get; }

    /// <exception cref="HoconException">A document is invalid or a substitution cannot be resolved.</exception>
    public override void Load()
    {
        var config = Source.Config ?? HoconConfig.Load(Source.Sources, Source.Options);
        Data = HoconConfigurationFlattener.Flatten(config.Root);
    }
}
