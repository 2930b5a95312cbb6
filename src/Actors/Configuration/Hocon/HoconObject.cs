using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Actors.Configuration.Hocon;

/// <summary>An object: keys in the order they were first defined, each with a value.</summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    // Ordered so that rendering follows the document; mutated only by the parser and the resolver before the object
    // is handed out.
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(HoconOrigin origin)
        : base(origin) => _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);

    internal HoconObject(HoconOrigin origin, int capacity)
        : base(origin) => _fields = new OrderedDictionary<string, HoconValue>(capacity, StringComparer.Ordinal);

    /// <summary>An empty object.</summary>
    public static HoconObject Empty(HoconOrigin origin = default) => new(origin);

    public override HoconValueType Type => HoconValueType.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<HoconValue> Values => _fields.Values;

    public HoconValue this[string key] => _fields[key];

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Set(string key, HoconValue value) => _fields[key] = value;

    internal void Remove(string key) => _fields.Remove(key);
}
