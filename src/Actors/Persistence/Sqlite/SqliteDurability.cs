namespace Actors.Persistence.Sqlite;

/// <summary>How hard a SQLite store works to keep acknowledged commits through a crash.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c> in WAL mode: a commit survives a crash of the process, but the last commits
    /// before a power loss or operating system crash may be lost (the database is never corrupted).
    /// The disk is flushed at checkpoints, not at every commit.
    /// </summary>
    Batched,

    /// <summary><c>synchronous=FULL</c>: every commit is flushed to disk before it is acknowledged.</summary>
    Strict,
}
