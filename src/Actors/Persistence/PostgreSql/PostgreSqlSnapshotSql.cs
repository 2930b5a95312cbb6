namespace Actors.Persistence.PostgreSql;

/// <summary>The PostgreSQL snapshot store's table and statements, for one schema.</summary>
internal sealed class PostgreSqlSnapshotSql
{
    public static PostgreSqlSchemaDefinition Schema { get; } = new(
        Component: "snapshot-store",
        Version: 1,
        Tables: ["snapshot"],
        CreateStatements: s => $"""
            CREATE TABLE {s}.snapshot (
                persistence_id text NOT NULL,
                sequence_nr bigint NOT NULL,
                timestamp bigint NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            );
            """);

    private const string Selection =
        "persistence_id = $1 AND sequence_nr <= $2 AND sequence_nr >= $3 AND timestamp <= $4 AND timestamp >= $5";

    public PostgreSqlSnapshotSql(string quotedSchema)
    {
        Save = $"""
            INSERT INTO {quotedSchema}.snapshot (persistence_id, sequence_nr, timestamp, payload) VALUES ($1, $2, $3, $4)
            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp = EXCLUDED.timestamp, payload = EXCLUDED.payload
            """;
        Load = $"SELECT sequence_nr, timestamp, payload FROM {quotedSchema}.snapshot WHERE {Selection} ORDER BY sequence_nr DESC LIMIT 1";
        DeleteOne = $"DELETE FROM {quotedSchema}.snapshot WHERE persistence_id = $1 AND sequence_nr = $2";
        DeleteSelected = $"DELETE FROM {quotedSchema}.snapshot WHERE {Selection}";
    }

    /// <summary>Parameters $1..$4: persistence id, sequence nr, timestamp (UTC ticks), payload.</summary>
    public string Save { get; }

    /// <summary>Parameters $1..$5: persistence id, max sequence nr, min sequence nr, max timestamp, min timestamp.</summary>
    public string Load { get; }

    public string DeleteOne { get; }

    /// <summary>Parameters as <see cref="Load"/>.</summary>
    public string DeleteSelected { get; }
}
