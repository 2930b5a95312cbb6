namespace Actors.Persistence;

/// <summary>
/// The ownership a write is made under: the write is stored only if <see cref="Epoch"/> is still the current epoch of
/// <see cref="Scope"/> when it commits, so an owner that has been replaced (paused, partitioned, or simply slow to learn
/// of a move) can never append after its successor took over.
/// </summary>
/// <remarks>
/// The epochs live in a table of the application's (for the store's cluster, the shard map: scope = shard id); the
/// journal only reads them, and only the PostgreSQL journal can (see <c>PostgreSqlJournalSettings.FenceTable</c>).
/// </remarks>
public sealed record WriteFence
{
    /// <summary>Creates a fence.</summary>
    /// <param name="scope">The key of the fence row, such as a shard id.</param>
    /// <param name="epoch">The epoch the writer holds the scope under.</param>
    public WriteFence(string scope, long epoch)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        Scope = scope;
        Epoch = epoch;
    }

    /// <summary>The key of the fence row, such as a shard id.</summary>
    public string Scope { get; }

    /// <summary>The epoch the writer holds the scope under.</summary>
    public long Epoch { get; }

    public override string ToString() => $"{Scope}@{Epoch}";
}
