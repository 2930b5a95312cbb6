namespace Actors.Persistence.PostgreSql;

/// <summary>The PostgreSQL journal's tables and statements, for one schema.</summary>
/// <remarks>
/// The primary key (persistence_id, sequence_nr) makes a sequence number unique and serves replays.
/// <c>journal_metadata</c> keeps, per persistence id, the highest sequence number that was deleted, so
/// deleting never lowers the highest sequence number a writer must continue from.
/// </remarks>
internal sealed class PostgreSqlJournalSql
{
    /// <summary>The constraint that makes (persistence_id, sequence_nr) unique.</summary>
    public const string PrimaryKey = "journal_pkey";

    public static PostgreSqlSchemaDefinition Schema { get; } = new(
        Component: "journal",
        Version: 1,
        Tables: ["journal", "journal_metadata"],
        CreateStatements: s => $"""
            CREATE TABLE {s}.journal (
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                timestamp bigint NOT NULL,
                writer_id text NOT NULL,
                manifest text NOT NULL,
                payload bytea NOT NULL,
                CONSTRAINT {PrimaryKey} PRIMARY KEY (persistence_id, sequence_nr)
            );
            CREATE TABLE {s}.journal_metadata (
                persistence_id text NOT NULL PRIMARY KEY,
                sequence_nr bigint NOT NULL
            );
            """);

    public PostgreSqlJournalSql(string quotedSchema)
    {
        Insert = $"INSERT INTO {quotedSchema}.journal (persistence_id, sequence_nr, timestamp, writer_id, manifest, payload) VALUES ($1, $2, $3, $4, $5, $6)";
        InsertMany = $"""
            INSERT INTO {quotedSchema}.journal (persistence_id, sequence_nr, timestamp, writer_id, manifest, payload)
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bytea[])
            """;
        Replay = $"""
            SELECT sequence_nr, timestamp, writer_id, manifest, payload FROM {quotedSchema}.journal
            WHERE persistence_id = $1 AND sequence_nr >= $2 AND sequence_nr <= $3
            ORDER BY sequence_nr
            LIMIT $4
            """;
        HighestSequenceNr = $"""
            SELECT GREATEST(
                (SELECT max(sequence_nr) FROM {quotedSchema}.journal WHERE persistence_id = $1),
                (SELECT sequence_nr FROM {quotedSchema}.journal_metadata WHERE persistence_id = $1),
                0)
            """;
        RememberDeleted = $"""
            INSERT INTO {quotedSchema}.journal_metadata AS m (persistence_id, sequence_nr)
                SELECT persistence_id, max(sequence_nr) FROM {quotedSchema}.journal
                WHERE persistence_id = $1 AND sequence_nr <= $2
                GROUP BY persistence_id
            ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = GREATEST(m.sequence_nr, EXCLUDED.sequence_nr)
            """;
        DeleteTo = $"DELETE FROM {quotedSchema}.journal WHERE persistence_id = $1 AND sequence_nr <= $2";
    }

    /// <summary>Parameters $1..$6: persistence id, sequence nr, timestamp (UTC ticks), writer id, manifest, payload.</summary>
    public string Insert { get; }

    /// <summary>As <see cref="Insert"/> for many events in one statement: each parameter is an array, one element per event.</summary>
    public string InsertMany { get; }

    public string Replay { get; }

    public string HighestSequenceNr { get; }

    /// <summary>Runs before <see cref="DeleteTo"/>, in its transaction.</summary>
    public string RememberDeleted { get; }

    public string DeleteTo { get; }
}
