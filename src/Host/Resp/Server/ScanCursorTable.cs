namespace Actors.Host.Resp.Server;

/// <summary>
/// SCAN's cursors. Redis clients treat a cursor as a number (redis-cli and StackExchange.Redis parse it as one), but
/// the store's cursor is text (a shard and the last key seen), so the server hands out numbers and remembers what
/// each stands for. It remembers at most <c>capacity</c>; the oldest are forgotten first, and a forgotten cursor is
/// refused with a clear error (the scan starts again from 0). 0 is, as in Redis, both the start and the end.
/// </summary>
public sealed class ScanCursorTable(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, (string Match, string StoreCursor)> _cursors = [];
    private readonly Queue<ulong> _order = new();
    private ulong _next;

    /// <summary>A new number for the position <paramref name="storeCursor"/> of a scan of <paramref name="match"/>.</summary>
    public ulong Remember(string match, string storeCursor)
    {
        lock (_gate)
        {
            var id = ++_next;
            _cursors[id] = (match, storeCursor);
            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _cursors.Remove(_order.Dequeue());
            }

            return id;
        }
    }

    /// <summary>The store's cursor behind <paramref name="id"/>, if the server still remembers it for this <paramref name="match"/>.</summary>
    public bool TryRecall(ulong id, string match, out string storeCursor)
    {
        lock (_gate)
        {
            if (_cursors.TryGetValue(id, out var entry) && entry.Match == match)
            {
                storeCursor = entry.StoreCursor;
                return true;
            }

            storeCursor = string.Empty;
            return false;
        }
    }
}
