namespace Actors.Configuration.Hocon;

/// <summary>
/// The values assigned to one field, highest priority first, when the top one cannot be merged before resolution
/// (it is, or contains, a substitution). The lower entries are what a self-reference in a higher one sees.
/// </summary>
internal sealed class HoconMergeStack : HoconUnresolvedValue
{
    public HoconMergeStack(List<HoconValue> stack)
        : base(stack[0].Origin) => Stack = stack;

    public List<HoconValue> Stack { get; }
}
