using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// A plain sequential key-value store with the store's documented semantics (versions per key, kept as a
/// tombstone across a delete; an increment of a text fails and changes nothing): the "real execution" from which random histories take their outputs.
/// Written as a mutable store rather than with the model's state type, so that the model is checked
/// against a second reading of the semantics rather than against itself.
/// </summary>
internal sealed class ReferenceKvStore
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public KvOutput Apply(KvInput input)
    {
        var entry = _entries.TryGetValue(input.Key, out var existing) ? existing : new Entry();
        _entries[input.Key] = entry;
        switch (input)
        {
            case KvGet:
                return !entry.Exists ? KvMissing.Instance
                    : entry.IsText ? new KvFoundText(entry.Value, entry.Version)
                    : new KvFound(entry.Value, entry.Version);

            case KvSet set:
                entry.Write(set.Value);
                return new KvWritten(entry.Version);

            case KvSetText text:
                entry.Write(text.Tag, isText: true);
                return new KvWritten(entry.Version);

            case KvCompareAndSet cas:
                var matches = entry.Exists ? entry.Version == cas.ExpectedVersion : cas.ExpectedVersion == 0;
                if (!matches)
                {
                    return KvVersionMismatch.Instance;
                }

                entry.Write(cas.Value);
                return new KvWritten(entry.Version);

            case KvIncrement increment:
                if (entry.Exists && entry.IsText)
                {
                    return KvNotAnInteger.Instance;
                }

                entry.Write(checked((entry.Exists ? entry.Value : 0) + increment.By));
                return new KvIncremented(entry.Value, entry.Version);

            case KvDelete:
                if (!entry.Exists)
                {
                    return new KvDeleted(false);
                }

                entry.Exists = false;
                entry.Value = 0;
                entry.IsText = false;
                entry.Version++;
                return new KvDeleted(true);

            default:
                throw new ArgumentException($"Unexpected input {input}.", nameof(input));
        }
    }

    public long VersionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Version : 0;

    private sealed class Entry
    {
        public bool Exists { get; set; }

        public long Value { get; set; }

        public long Version { get; set; }

        /// <summary>The value is not an integer; <see cref="Value"/> is the tag of the text.</summary>
        public bool IsText { get; set; }

        public void Write(long value, bool isText = false)
        {
            Exists = true;
            Value = value;
            IsText = isText;
            Version++;
        }
    }
}
