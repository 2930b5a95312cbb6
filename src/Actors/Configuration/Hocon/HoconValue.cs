namespace Actors.Configuration.Hocon;

/// <summary>
/// A node of a HOCON tree: an <see cref="HoconObject"/>, an <see cref="HoconArray"/> or a <see cref="HoconScalar"/>.
/// </summary>
/// <remarks>
/// Trees handed out by <see cref="HoconConfig"/> are resolved and immutable. Internally, a freshly parsed tree also holds
/// substitutions, concatenations and merge stacks; those nodes never escape the resolver.
/// </remarks>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    /// <summary>The JSON type of this value.</summary>
    public abstract HoconValueType Type { get; }

    /// <summary>Where the value was written.</summary>
    public HoconOrigin Origin { get; }

    /// <summary>Renders the value as HOCON text.</summary>
    public override string ToString() => HoconRenderer.ToHocon(this);
}
