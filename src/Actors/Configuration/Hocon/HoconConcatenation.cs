namespace Actors.Configuration.Hocon;

/// <summary>
/// A value concatenation that could not be folded while parsing because it holds a substitution. Pieces are kept in
/// order, including the whitespace between them.
/// </summary>
internal sealed class HoconConcatenation : HoconUnresolvedValue
{
    public HoconConcatenation(List<HoconValue> pieces, HoconOrigin origin)
        : base(origin) => Pieces = pieces;

    public List<HoconValue> Pieces { get; }
}
