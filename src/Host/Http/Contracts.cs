using System.Text.Json.Serialization;

namespace Actors.Host.Http;

/// <summary>The answer of a PUT: the key's new version and whether the write created it.</summary>
internal sealed record WriteResponse(string Key, long Version, bool Created);

/// <summary>The answer of an increment.</summary>
internal sealed record IncrementResponse(string Key, long Value, long Version);

/// <summary>One key of a scan page. <c>value</c> holds UTF-8 text; bytes that are not UTF-8 come as <c>valueBase64</c>.</summary>
internal sealed record EntryResponse(
    string Key,
    long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ValueBase64);

/// <summary>A page of a scan; pass <see cref="Cursor"/> back to continue, <see langword="null"/> when done.</summary>
internal sealed record ScanResponse(IReadOnlyList<EntryResponse> Entries, string? Cursor);

/// <summary>The request of <c>POST /v1/batch</c>.</summary>
internal sealed class BatchRequest
{
    public List<BatchOperationRequest?>? Operations { get; set; }
}

/// <summary>
/// One operation of a batch: <c>op</c> is <c>set</c> (key, value or valueBase64, optional ifVersion, ttl, contentType),
/// <c>delete</c> (key, optional ifVersion), <c>increment</c> (key, optional by) or <c>check</c> (key, version).
/// </summary>
internal sealed class BatchOperationRequest
{
    public string? Op { get; set; }

    public string? Key { get; set; }

    public string? Value { get; set; }

    public string? ValueBase64 { get; set; }

    public long? IfVersion { get; set; }

    public long? Version { get; set; }

    public long? By { get; set; }

    public string? Ttl { get; set; }

    public string? ContentType { get; set; }
}

/// <summary>The answer of an applied batch: each operation's key and resulting version, in order.</summary>
internal sealed record BatchResponse(bool Applied, IReadOnlyList<BatchStepResponse> Results);

/// <summary>One operation's outcome in a <see cref="BatchResponse"/>.</summary>
internal sealed record BatchStepResponse(string Op, string Key, long Version);

/// <summary>The answer of <c>GET /v1/stats</c>.</summary>
internal sealed record StatsResponse(string Status, string Durability, int ShardCount, long Keys, long Bytes, IReadOnlyList<ShardStatsResponse> Shards);

/// <summary>One shard in <see cref="StatsResponse"/>.</summary>
internal sealed record ShardStatsResponse(int Shard, long Keys, long Bytes, int MailboxDepth, long MessagesProcessed, long JournalPosition, long Tombstones);
