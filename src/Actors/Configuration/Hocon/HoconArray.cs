using System.Collections;

namespace Actors.Configuration.Hocon;

/// <summary>An array of values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly List<HoconValue> _items;

    internal HoconArray(HoconOrigin origin, List<HoconValue> items)
        : base(origin) => _items = items;

    public override HoconValueType Type => HoconValueType.Array;

    public int Count => _items.Count;

    public HoconValue this[int index] => _items[index];

    public IEnumerator<HoconValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
