namespace Actors.Store.Load;

/// <summary>
/// The keys of a workload, built once so that no operation formats a string: value keys <c>key/N</c> (read,
/// written, compare-and-set, and used as scan prefixes) and counter keys <c>ctr/N</c> (incremented). Counters
/// live apart because an increment of a non-counter value is an error by design.
/// </summary>
internal sealed class KeySpace
{
    public const string ValuePrefix = "key/";
    public const string CounterPrefix = "ctr/";

    public KeySpace(int keyCount)
    {
        Values = new string[keyCount];
        Counters = new string[keyCount];
        for (var i = 0; i < keyCount; i++)
        {
            Values[i] = ValuePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Counters[i] = CounterPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public int Count => Values.Length;

    public string[] Values { get; }

    public string[] Counters { get; }
}
