namespace Actors.Store.Load;

/// <summary>
/// Counts exceptions by type and message. Messages that embed a key would make every exception distinct, so
/// each type keeps its first few distinct messages and counts the rest under one line.
/// </summary>
public sealed class ExceptionTally
{
    private const int MessagesPerType = 8;
    private const string OtherMessages = "(other messages)";

    private readonly Dictionary<string, Dictionary<string, long>> _byType = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public void Record(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Record(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, 1);
    }

    public void Record(string type, string message, long count)
    {
        if (!_byType.TryGetValue(type, out var messages))
        {
            _byType[type] = messages = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        if (!messages.ContainsKey(message) && messages.Count >= MessagesPerType)
        {
            message = OtherMessages;
        }

        messages[message] = messages.GetValueOrDefault(message) + count;
        Total += count;
    }

    public void Add(ExceptionTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (type, messages) in other._byType)
        {
            foreach (var (message, count) in messages)
            {
                Record(type, message, count);
            }
        }
    }

    public void Clear()
    {
        _byType.Clear();
        Total = 0;
    }

    /// <summary>Totals per exception type, most frequent first.</summary>
    public IReadOnlyDictionary<string, long> ByType() =>
        _byType.OrderByDescending(t => t.Value.Values.Sum()).ToDictionary(t => t.Key, t => t.Value.Values.Sum(), StringComparer.Ordinal);

    /// <summary>Every (type, message) with its count, most frequent first.</summary>
    public IReadOnlyList<ExceptionCount> ToList() =>
        [.. _byType.SelectMany(t => t.Value.Select(m => new ExceptionCount(t.Key, m.Key, m.Value))).OrderByDescending(e => e.Count)];
}
