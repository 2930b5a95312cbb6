using Actors.Persistence.PostgreSql;

namespace Actors.Store.Cluster;

/// <summary>The cluster's statements, for one schema. Times are always the database's <c>now()</c>.</summary>
internal sealed class ClusterSql
{
    public ClusterSql(string schema)
    {
        string s = PostgreSqlSettingsValidation.Quote(schema);
        string meta = $"{s}.{ClusterSchema.MetaTable}";
        string members = $"{s}.{ClusterSchema.MembersTable}";
        string shards = $"{s}.{ClusterSchema.ShardsTable}";

        MetaTableName = meta;
        Channel = $"actors_{schema}_view";
        Listen = $"LISTEN \"{Channel}\"";
        LockMeta = $"SELECT shard_count, version, coordinator, coordinator_term FROM {meta} FOR UPDATE";
        BumpVersion = $"WITH bumped AS (UPDATE {meta} SET version = version + 1 RETURNING version) SELECT version, pg_notify($1, version::text) FROM bumped";
        CreateMeta = $"INSERT INTO {meta} (shard_count, version, coordinator_term) VALUES ($1, 1, 0) ON CONFLICT DO NOTHING";
        CreateShards = $"INSERT INTO {shards} (shard_id, owner, epoch, state, next_owner, updated_at) SELECT g, NULL, 0, 'unassigned', NULL, now() FROM generate_series(0, $1 - 1) AS g";
        FindMember = $"""
            SELECT url, incarnation, heartbeat_at, status <> 'down' AND heartbeat_at >= now() - failure_timeout, now() - heartbeat_at
            FROM {members} WHERE name = $1 FOR UPDATE
            """;
        RegisterMember = $"""
            INSERT INTO {members} (name, url, incarnation, status, failure_timeout, heartbeat_at, joined_at) VALUES ($1, $2, $3, 'up', $4, now(), now())
            ON CONFLICT (name) DO UPDATE SET url = EXCLUDED.url, incarnation = EXCLUDED.incarnation, status = 'up',
                failure_timeout = EXCLUDED.failure_timeout, heartbeat_at = now(), joined_at = now()
            """;
        // Rows are locked in ascending id, as journal batches lock them (see UpdateShard).
        TakeOverShards = $"""
            UPDATE {shards} SET epoch = epoch + 1, state = 'assigned', next_owner = NULL, updated_at = now()
            WHERE shard_id IN (SELECT shard_id FROM {shards} WHERE owner = $1 ORDER BY shard_id FOR UPDATE)
            RETURNING shard_id
            """;
        Heartbeat = $"""
            UPDATE {members} SET heartbeat_at = now() WHERE name = $1 AND incarnation = $2 AND status <> 'down'
            RETURNING (SELECT version FROM {meta})
            """;
        ReadMeta = $"SELECT version, coordinator, coordinator_term FROM {meta}";
        ReadMembers = $"SELECT name, url, status, heartbeat_at, incarnation, joined_at FROM {members} ORDER BY name";
        ReadShards = $"SELECT shard_id, owner, epoch, state, next_owner FROM {shards} ORDER BY shard_id";
        IsLiveMember = $"SELECT EXISTS (SELECT 1 FROM {members} WHERE name = $1 AND incarnation = $2 AND status <> 'down')";
        MarkDown = $"UPDATE {members} SET status = 'down' WHERE status <> 'down' AND heartbeat_at < now() - failure_timeout RETURNING name";
        ForgetDown = $"""
            DELETE FROM {members} AS m WHERE status = 'down' AND heartbeat_at < now() - $1
                AND NOT EXISTS (SELECT 1 FROM {shards} WHERE owner = m.name OR next_owner = m.name)
            RETURNING name
            """;
        RoundMembers = $"SELECT name, status FROM {members}";
        RoundShards = $"""
            SELECT shard_id, owner, epoch, state, next_owner, state = 'handing_off' AND updated_at < now() - $1, coalesce(resting_until > now(), false)
            FROM {shards} ORDER BY shard_id
            """;
        UpdateShard = $"""
            UPDATE {shards} SET owner = $2, epoch = $3, state = $4, next_owner = $5, updated_at = now(),
                resting_until = CASE WHEN $6 THEN now() + $7 ELSE resting_until END
            WHERE shard_id = $1
            """;
        Elect = $"UPDATE {meta} SET coordinator = $1, coordinator_term = coordinator_term + 1 RETURNING coordinator_term";
        Release = $"""
            UPDATE {shards} SET owner = next_owner, epoch = epoch + 1, state = CASE WHEN next_owner IS NULL THEN 'unassigned' ELSE 'assigned' END,
                next_owner = NULL, updated_at = now()
            WHERE shard_id = $1 AND epoch = $2 AND owner = $3 AND state = 'handing_off'
            RETURNING owner
            """;
        Leave = $"UPDATE {members} SET status = 'leaving' WHERE name = $1 AND incarnation = $2 AND status = 'up'";
        Deregister = $"DELETE FROM {members} WHERE name = $1 AND incarnation = $2";
        Abdicate = $"UPDATE {meta} SET coordinator = NULL WHERE coordinator = $1";
        TryLock = "SELECT pg_try_advisory_lock($1)";
        LockKeyOid = "SELECT $1::regclass::oid::bigint";
    }

    /// <summary>"schema".cluster_meta: its OID keys the coordinator's advisory lock, unique per database.</summary>
    public string MetaTableName { get; }

    /// <summary>The notification channel; the payload is the new view version.</summary>
    public string Channel { get; }

    public string Listen { get; }

    /// <summary>Taken first by every change: serialises them.</summary>
    public string LockMeta { get; }

    /// <summary>$1 channel. Notifications are sent when the transaction commits.</summary>
    public string BumpVersion { get; }

    /// <summary>$1 shard count.</summary>
    public string CreateMeta { get; }

    /// <summary>$1 shard count.</summary>
    public string CreateShards { get; }

    /// <summary>$1 name → url, incarnation, heartbeat_at, live, silence.</summary>
    public string FindMember { get; }

    /// <summary>$1 name, $2 url, $3 incarnation, $4 failure timeout.</summary>
    public string RegisterMember { get; }

    /// <summary>$1 name: a new incarnation takes its name's shards under new epochs, fencing the old one off.</summary>
    public string TakeOverShards { get; }

    /// <summary>$1 name, $2 incarnation → the view version, or no row when this incarnation is no longer a live member.</summary>
    public string Heartbeat { get; }

    public string ReadMeta { get; }

    public string ReadMembers { get; }

    public string ReadShards { get; }

    /// <summary>$1 name, $2 incarnation.</summary>
    public string IsLiveMember { get; }

    /// <summary>Marks down every member silent for longer than its own failure timeout.</summary>
    public string MarkDown { get; }

    /// <summary>$1 retention.</summary>
    public string ForgetDown { get; }

    public string RoundMembers { get; }

    /// <summary>$1 hand-off timeout.</summary>
    public string RoundShards { get; }

    /// <summary>
    /// $1 shard, $2 owner, $3 epoch, $4 state, $5 next owner, $6 whether it rests from now on, $7 for how long. A round
    /// runs these in ascending shard id: journal batches share-lock the rows they write under in that order too, so the
    /// two never deadlock.
    /// </summary>
    public string UpdateShard { get; }

    /// <summary>$1 the new coordinator → its term.</summary>
    public string Elect { get; }

    /// <summary>$1 shard, $2 epoch, $3 owner → the new owner (null: nobody), or no row.</summary>
    public string Release { get; }

    /// <summary>$1 name, $2 incarnation.</summary>
    public string Leave { get; }

    /// <summary>$1 name, $2 incarnation.</summary>
    public string Deregister { get; }

    /// <summary>$1 name.</summary>
    public string Abdicate { get; }

    /// <summary>$1 key.</summary>
    public string TryLock { get; }

    /// <summary>$1 table name.</summary>
    public string LockKeyOid { get; }
}
