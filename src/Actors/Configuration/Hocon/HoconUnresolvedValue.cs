namespace Actors.Configuration.Hocon;

/// <summary>
/// The base of the nodes that exist only between parsing and resolution: substitutions, concatenations that contain
/// a substitution, and merge stacks. They have no JSON type until resolved.
/// </summary>
internal abstract class HoconUnresolvedValue : HoconValue
{
    private protected HoconUnresolvedValue(HoconOrigin origin)
        : base(origin)
    {
    }

    public override HoconValueType Type =>
        throw new InvalidOperationException($"{Origin}: the value has not been resolved; resolve the configuration first.");
}
