using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Configuration;

/// <summary>
/// A configuration source made of HOCON documents that are merged and resolved together (the first one wins), or
/// of an already loaded <see cref="HoconConfig"/>.
/// </summary>
/// <remarks>
/// Use this rather than one source per file when a user file must see the reference file's values in its
/// substitutions: providers added separately to a builder are each resolved on their own.
/// </remarks>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The documents, highest priority first (typically the user file, then the reference file).</summary>
    public IList<HoconSource> Sources { get; } = new List<HoconSource>();

    /// <summary>An already loaded configuration; when set, <see cref="Sources"/> is ignored.</summary>
    public HoconConfig? Config { get; set; }

    /// <summary>How substitutions are resolved; <see cref="HoconOptions.Default"/> when null.</summary>
    public HoconOptions? Options { get; set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
