using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// A HOCON file as a configuration source, with the usual file-source behaviour: a base path from the builder,
/// <see cref="FileConfigurationSource.Optional"/> and <see cref="FileConfigurationSource.ReloadOnChange"/>.
/// Substitutions are resolved within this file (and its includes) only.
/// </summary>
public sealed class HoconFileConfigurationSource : FileConfigurationSource
{
    /// <summary>How substitutions are resolved; <see cref="HoconOptions.Default"/> when null.</summary>
    public HoconOptions? Options { get; set; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconFileConfigurationProvider(this);
    }
}
