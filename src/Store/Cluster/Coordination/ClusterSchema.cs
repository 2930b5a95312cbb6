using Actors.Persistence.PostgreSql;

namespace Actors.Store.Cluster;

/// <summary>The cluster's tables, created and versioned like the journal's (a <c>cluster</c> row in <c>schema_version</c>).</summary>
/// <remarks>
/// <para>
/// <c>cluster_meta</c> has one row: the shard count every node must agree on, the view version (raised by every change a
/// node must react to, and sent with the change notification), and the coordinator and its term. Every change takes that
/// row <c>FOR UPDATE</c> first, so changes are serialised and each sees the previous one whole.
/// </para>
/// <para>
/// <c>members</c> has a row per node name; each run of a node has its own incarnation, and a member records its own
/// failure timeout, so that the coordinator judges every node by the timeout that node's lease is based on.
/// <c>shards</c> has a row per shard: owner, epoch, state and next owner; and, after a cancelled hand-off, until when
/// the shard rests before it may be handed off again. It is the journal's fence table.
/// Times are the database's (<c>now()</c>), so the hosts' clocks never meet.
/// </para>
/// </remarks>
internal static class ClusterSchema
{
    public const string MetaTable = "cluster_meta";
    public const string MembersTable = "members";
    public const string ShardsTable = "shards";

    public static PostgreSqlSchemaDefinition Definition { get; } = new(
        Component: "cluster",
        Version: 1,
        Tables: [MetaTable, MembersTable, ShardsTable],
        CreateStatements: s => $"""
            CREATE TABLE {s}.{MetaTable} (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                shard_count integer NOT NULL CHECK (shard_count > 0),
                version bigint NOT NULL,
                coordinator text NULL,
                coordinator_term bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE {s}.{MembersTable} (
                name text PRIMARY KEY,
                url text NOT NULL,
                incarnation uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('up', 'leaving', 'down')),
                failure_timeout interval NOT NULL,
                heartbeat_at timestamptz NOT NULL,
                joined_at timestamptz NOT NULL
            );
            CREATE TABLE {s}.{ShardsTable} (
                shard_id integer PRIMARY KEY,
                owner text NULL,
                epoch bigint NOT NULL,
                state text NOT NULL CHECK (state IN ('unassigned', 'assigned', 'handing_off')),
                next_owner text NULL,
                updated_at timestamptz NOT NULL,
                resting_until timestamptz NULL,
                CHECK ((state = 'unassigned') = (owner IS NULL)),
                CHECK (state = 'handing_off' OR next_owner IS NULL)
            );
            """);

    public static string StateName(ShardOwnershipState state) => state switch
    {
        ShardOwnershipState.Unassigned => "unassigned",
        ShardOwnershipState.Assigned => "assigned",
        ShardOwnershipState.HandingOff => "handing_off",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static ShardOwnershipState ParseState(string state) => state switch
    {
        "unassigned" => ShardOwnershipState.Unassigned,
        "assigned" => ShardOwnershipState.Assigned,
        "handing_off" => ShardOwnershipState.HandingOff,
        _ => throw new InvalidDataException($"Unknown shard state '{state}' in the cluster's shard table."),
    };

    public static MemberStatus ParseStatus(string status) => status switch
    {
        "up" => MemberStatus.Up,
        "leaving" => MemberStatus.Leaving,
        "down" => MemberStatus.Down,
        _ => throw new InvalidDataException($"Unknown member status '{status}' in the cluster's membership table."),
    };
}
