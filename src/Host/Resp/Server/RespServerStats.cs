namespace Actors.Host.Resp.Server;

/// <summary>The counters INFO reports (its clients and stats sections), shared by every connection.</summary>
public sealed class RespServerStats
{
    private long _connectionsReceived;
    private long _connected;
    private long _rejectedConnections;
    private long _commandsProcessed;
    private long _protocolErrors;
    private long _keyspaceHits;
    private long _keyspaceMisses;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public long ConnectionsReceived => Interlocked.Read(ref _connectionsReceived);

    public long ConnectedClients => Interlocked.Read(ref _connected);

    public long RejectedConnections => Interlocked.Read(ref _rejectedConnections);

    public long CommandsProcessed => Interlocked.Read(ref _commandsProcessed);

    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    public long KeyspaceHits => Interlocked.Read(ref _keyspaceHits);

    public long KeyspaceMisses => Interlocked.Read(ref _keyspaceMisses);

    /// <summary>Counts a new connection; false (and counted as rejected) when <paramref name="limit"/> are already open.</summary>
    public bool TryConnect(int limit)
    {
        Interlocked.Increment(ref _connectionsReceived);
        if (Interlocked.Increment(ref _connected) > limit)
        {
            Interlocked.Decrement(ref _connected);
            Interlocked.Increment(ref _rejectedConnections);
            return false;
        }

        return true;
    }

    public void Disconnected() => Interlocked.Decrement(ref _connected);

    public void Command() => Interlocked.Increment(ref _commandsProcessed);

    public void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    public void Lookup(bool hit)
    {
        if (hit)
        {
            Interlocked.Increment(ref _keyspaceHits);
        }
        else
        {
            Interlocked.Increment(ref _keyspaceMisses);
        }
    }
}
