namespace Actors.Persistence.Sqlite;

/// <summary>The SQLite journal's tables and statements.</summary>
/// <remarks>
/// <c>journal</c> is clustered on (persistence_id, sequence_nr) (WITHOUT ROWID): that key is what makes a
/// sequence number unique, and a replay reads one contiguous key range. <c>journal_metadata</c> keeps, per
/// persistence id, the highest sequence number that was deleted, so deleting never lowers the highest
/// sequence number a writer must continue from.
/// </remarks>
internal static class SqliteJournalSql
{
    public static SqliteSchemaDefinition Schema { get; } = new(
        Component: "journal",
        Version: 1,
        Tables: ["journal", "journal_metadata"],
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
            CREATE TABLE journal_metadata (
                persistence_id TEXT NOT NULL PRIMARY KEY,
                sequence_nr INTEGER NOT NULL
            ) WITHOUT ROWID;
            """);

    /// <summary>Parameters ?1..?6: persistence id, sequence nr, timestamp (UTC ticks), writer id, manifest, payload.</summary>
    public const string Insert =
        "INSERT INTO journal (persistence_id, sequence_nr, timestamp, writer_id, manifest, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6);";

    public const string Replay = """
        SELECT sequence_nr, timestamp, writer_id, manifest, payload FROM journal
        WHERE persistence_id = $pid AND sequence_nr >= $from AND sequence_nr <= $to
        ORDER BY sequence_nr
        LIMIT $max;
        """;

    public const string HighestSequenceNr = """
        SELECT max(
            coalesce((SELECT max(sequence_nr) FROM journal WHERE persistence_id = $pid), 0),
            coalesce((SELECT sequence_nr FROM journal_metadata WHERE persistence_id = $pid), 0));
        """;

    /// <summary>Remembers the highest sequence number about to be deleted, then deletes; run in one transaction.</summary>
    public const string DeleteTo = """
        INSERT INTO journal_metadata (persistence_id, sequence_nr)
            SELECT persistence_id, max(sequence_nr) FROM journal
            WHERE persistence_id = $pid AND sequence_nr <= $to
            GROUP BY persistence_id
        ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = max(sequence_nr, excluded.sequence_nr);
        DELETE FROM journal WHERE persistence_id = $pid AND sequence_nr <= $to;
        """;
}
