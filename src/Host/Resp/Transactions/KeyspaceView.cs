using Actors.Store;

namespace Actors.Host.Resp.Transactions;

/// <summary>
/// The keys of one transaction as read from the store, and the changes its commands make to them. Commands read and
/// write the view in order, each seeing the ones before; the view then becomes one atomic batch: a version check of
/// every key it read, followed by the final state of every key that changed. If any key changed in the store since it
/// was read, the batch is refused as a whole and the transaction runs again on fresh reads — so the effect is as if
/// the commands ran alone, one after the other, as in Redis.
/// </summary>
public sealed class KeyspaceView
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public KeyspaceView(IReadOnlyList<string> keys, IReadOnlyList<StoreEntry?> entries, DateTimeOffset now)
    {
        Now = now;
        for (var i = 0; i < keys.Count; i++)
        {
            var entry = entries[i];
            _slots[keys[i]] = new Slot(entry?.Version ?? 0, entry?.Value, entry?.ExpiresAt, entry?.ContentType);
        }
    }

    /// <summary>The moment the transaction is decided at: TTLs are computed from it.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Whether any command changed a key.</summary>
    public bool Changed => _slots.Values.Any(s => s.Changed);

    /// <summary>The live value of <paramref name="key"/> (<see langword="null"/> if absent or expired).</summary>
    public ReadOnlyMemory<byte>? Get(string key)
    {
        var slot = SlotOf(key);
        // (The cast matters: a bare null would convert to an empty ReadOnlyMemory through its implicit conversion from an array.)
        return slot.Value is { } value && !(slot.ExpiresAt <= Now) ? value : (ReadOnlyMemory<byte>?)null;
    }

    /// <summary>The expiry of a live key (<see langword="null"/>: none, or the key is absent).</summary>
    public DateTimeOffset? ExpiresAt(string key) => Get(key) is null ? null : SlotOf(key).ExpiresAt;

    public bool Exists(string key) => Get(key) is not null;

    /// <summary>Writes <paramref name="value"/> with <paramref name="expiresAt"/> (<see langword="null"/>: no expiry).</summary>
    public void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        var slot = SlotOf(key);
        slot.Value = value;
        slot.ExpiresAt = expiresAt;
        slot.ContentType = null;
        slot.Changed = true;
    }

    /// <summary>Changes only the expiry of a live key, keeping its value (EXPIRE, PERSIST); false if it is absent.</summary>
    public bool SetExpiry(string key, DateTimeOffset? expiresAt)
    {
        if (!Exists(key))
        {
            return false;
        }

        var slot = SlotOf(key);
        slot.ExpiresAt = expiresAt;
        slot.Changed = true;
        return true;
    }

    /// <summary>Deletes <paramref name="key"/>; whether it existed.</summary>
    public bool Delete(string key)
    {
        var existed = Exists(key);
        var slot = SlotOf(key);
        slot.Value = null;
        slot.ExpiresAt = null;
        slot.Changed |= existed;
        return existed;
    }

    /// <summary>
    /// The atomic batch: first a check that each key is still at the version read (or still absent), then the final
    /// state of each changed key. Returns the keys in the order of their checks, so that a refused check can be traced
    /// back to its key.
    /// </summary>
    public (List<BatchOperation> Operations, List<string> CheckedKeys) ToBatch()
    {
        var operations = new List<BatchOperation>(_slots.Count * 2);
        var checkedKeys = new List<string>(_slots.Count);
        foreach (var (key, slot) in _slots)
        {
            operations.Add(new BatchOperation.Check(key, slot.ReadVersion));
            checkedKeys.Add(key);
        }

        foreach (var (key, slot) in _slots)
        {
            if (!slot.Changed)
            {
                continue;
            }

            if (slot.Value is { } value && !(slot.ExpiresAt <= Now))
            {
                var ttl = slot.ExpiresAt is { } at ? at - Now : (TimeSpan?)null;
                operations.Add(new BatchOperation.Set(key, value, new SetOptions { Ttl = ttl, ContentType = slot.ContentType }));
            }
            else if (slot.ReadVersion != 0)
            {
                operations.Add(new BatchOperation.Delete(key));
            }
        }

        return (operations, checkedKeys);
    }

    private Slot SlotOf(string key) =>
        _slots.TryGetValue(key, out var slot)
            ? slot
            : throw new InvalidOperationException($"The key '{key}' was not read for this transaction; every command must declare its keys.");

    private sealed class Slot(long readVersion, ReadOnlyMemory<byte>? value, DateTimeOffset? expiresAt, string? contentType)
    {
        public long ReadVersion { get; } = readVersion;

        public ReadOnlyMemory<byte>? Value { get; set; } = value;

        public DateTimeOffset? ExpiresAt { get; set; } = expiresAt;

        public string? ContentType { get; set; } = contentType;

        public bool Changed { get; set; }
    }
}
