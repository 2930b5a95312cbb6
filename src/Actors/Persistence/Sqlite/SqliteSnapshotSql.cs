namespace Actors.Persistence.Sqlite;

/// <summary>The SQLite snapshot store's table and statements.</summary>
/// <remarks>
/// A rowid table (not WITHOUT ROWID) because snapshots are large: SQLite keeps large rows out of the key's
/// b-tree that way.
/// </remarks>
internal static class SqliteSnapshotSql
{
    public static SqliteSchemaDefinition Schema { get; } = new(
        Component: "snapshot-store",
        Version: 1,
        Tables: ["snapshot"],
        CreateStatements: """
            CREATE TABLE snapshot (
                persistence_id TEXT NOT NULL,
                sequence_nr INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                payload BLOB NOT NULL,
                UNIQUE (persistence_id, sequence_nr)
            );
            """);

    /// <summary>Parameters ?1..?4: persistence id, sequence nr, timestamp (UTC ticks), payload.</summary>
    public const string Save = """
        INSERT INTO snapshot (persistence_id, sequence_nr, timestamp, payload) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp = excluded.timestamp, payload = excluded.payload;
        """;

    private const string Selection = """
        persistence_id = $pid AND sequence_nr <= $maxSeq AND sequence_nr >= $minSeq AND timestamp <= $maxTs AND timestamp >= $minTs
        """;

    public const string Load = $"""
        SELECT sequence_nr, timestamp, payload FROM snapshot WHERE {Selection}
        ORDER BY sequence_nr DESC LIMIT 1;
        """;

    public const string DeleteOne = "DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_nr = $seq;";

    public const string DeleteSelected = $"DELETE FROM snapshot WHERE {Selection};";
}
