using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Server;

/// <summary>The state of one connection: protocol version, authentication, and its transaction in the making.</summary>
public sealed class RespSession(bool authenticated, long id)
{
    public long Id { get; } = id;

    /// <summary>2 or 3, as chosen by HELLO; replies are encoded in it.</summary>
    public int Protocol { get; set; } = 2;

    public bool Authenticated { get; set; } = authenticated;

    public string? ClientName { get; set; }

    /// <summary>Set by QUIT: the connection closes after this reply.</summary>
    public bool Closing { get; set; }

    /// <summary>The commands queued since MULTI, or <see langword="null"/> outside a transaction.</summary>
    public List<QueuedCommand>? Transaction { get; set; }

    /// <summary>Set when a command could not be queued: EXEC then discards the transaction (EXECABORT).</summary>
    public bool TransactionFailed { get; set; }

    /// <summary>The versions of WATCHed keys at the moment they were watched (0: absent).</summary>
    public Dictionary<string, long> Watched { get; } = new(StringComparer.Ordinal);

    /// <summary>Ends the transaction and forgets the watched keys (after EXEC, DISCARD, or a failed EXEC).</summary>
    public void ResetTransaction()
    {
        Transaction = null;
        TransactionFailed = false;
        Watched.Clear();
    }
}
