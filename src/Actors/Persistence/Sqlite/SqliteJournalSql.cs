namespace Actors.Persistence.Sqlite;

/// <summary>The SQLite journal's tables and statements.</summary>
/// <remarks>
/// <para>
/// Events are first appended to <c>journal_tail</c>, a heap in arrival order, and later moved in bulk,
/// sorted, into <c>journal</c>, clustered on (persistence_id, sequence_nr) for replays. Why: a commit
/// writes every b-tree page it changed to the WAL; inserting straight into the clustered table changes
/// one page per entity in the batch (each entity's events live on their own pages), so a batch of 50
/// events from 50 entities would write 50 pages, while appending them to the tail writes two or three.
/// The bulk move then writes each entity's page once for many events.
/// </para>
/// <para>
/// The tail has no index (an index on it would bring back one page per entity), so the writer checks
/// sequence numbers against it with an in-memory index (<see cref="SqliteTailIndex"/>) and against
/// <c>journal</c> through its key. <c>journal_metadata</c> keeps, per persistence id, the highest
/// sequence number that was deleted, so deleting never lowers the number a writer must continue from.
/// </para>
/// </remarks>
internal static class SqliteJournalSql
{
    private const string Columns = "persistence_id, sequence_nr, timestamp, writer_id, manifest, payload";

    public static SqliteSchemaDefinition Schema { get; } = new(
        Component: "journal",
        Version: 1,
        Tables: ["journal", "journal_tail", "journal_metadata"],
        CreateStatements: """
            CREATE TABLE journal (
                persistence_id TEXT NOT NULL,
                sequence_nr INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                writer_id TEXT NOT NULL,
                manifest TEXT NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            ) WITHOUT ROWID;
            CREATE TABLE journal_tail (
                persistence_id TEXT NOT NULL,
                sequence_nr INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                writer_id TEXT NOT NULL,
                manifest TEXT NOT NULL,
                payload BLOB NOT NULL
            );
            CREATE TABLE journal_metadata (
                persistence_id TEXT NOT NULL PRIMARY KEY,
                sequence_nr INTEGER NOT NULL
            ) WITHOUT ROWID;
            """);

    /// <summary>Parameters ?1..?6: persistence id, sequence nr, timestamp (UTC ticks), writer id, manifest, payload.</summary>
    public const string Append = $"INSERT INTO journal_tail ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6);";

    /// <summary>Whether <c>journal</c> holds any of the numbers ?2..?3 of persistence id ?1.</summary>
    public const string SettledExists =
        "SELECT 1 FROM journal WHERE persistence_id = ?1 AND sequence_nr >= ?2 AND sequence_nr <= ?3 LIMIT 1;";

    /// <summary>Every (persistence id, sequence nr) in the tail, to rebuild the writer's index of it.</summary>
    public const string TailKeys = "SELECT persistence_id, sequence_nr FROM journal_tail;";

    /// <summary>Copies the tail into <c>journal</c>, in key order so that each page is written once.</summary>
    public const string SettleCopy =
        $"INSERT INTO journal ({Columns}) SELECT {Columns} FROM journal_tail ORDER BY persistence_id, sequence_nr;";

    /// <summary>Empties the tail after <see cref="SettleCopy"/>, in the same transaction.</summary>
    public const string SettleClear = "DELETE FROM journal_tail;";

    /// <summary>Changes whenever another connection commits to the file.</summary>
    public const string DataVersion = "PRAGMA data_version;";

    public const string Replay = """
        SELECT sequence_nr, timestamp, writer_id, manifest, payload FROM journal
            WHERE persistence_id = $pid AND sequence_nr >= $from AND sequence_nr <= $to
        UNION ALL
        SELECT sequence_nr, timestamp, writer_id, manifest, payload FROM journal_tail
            WHERE persistence_id = $pid AND sequence_nr >= $from AND sequence_nr <= $to
        ORDER BY sequence_nr
        LIMIT $max;
        """;

    public const string HighestSequenceNr = """
        SELECT max(
            coalesce((SELECT max(sequence_nr) FROM journal WHERE persistence_id = $pid), 0),
            coalesce((SELECT max(sequence_nr) FROM journal_tail WHERE persistence_id = $pid), 0),
            coalesce((SELECT sequence_nr FROM journal_metadata WHERE persistence_id = $pid), 0));
        """;

    /// <summary>Remembers the highest sequence number about to be deleted, then deletes; run in one transaction.</summary>
    public const string DeleteTo = """
        INSERT INTO journal_metadata (persistence_id, sequence_nr)
            SELECT $pid, max(sequence_nr) FROM (
                SELECT sequence_nr FROM journal WHERE persistence_id = $pid AND sequence_nr <= $to
                UNION ALL
                SELECT sequence_nr FROM journal_tail WHERE persistence_id = $pid AND sequence_nr <= $to)
            WHERE true
            GROUP BY 1
        ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = max(sequence_nr, excluded.sequence_nr);
        DELETE FROM journal WHERE persistence_id = $pid AND sequence_nr <= $to;
        DELETE FROM journal_tail WHERE persistence_id = $pid AND sequence_nr <= $to;
        """;
}
