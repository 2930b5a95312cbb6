using System.Text.Json;
using System.Text.Json.Serialization;
using Actors.Host.Dashboard;

namespace Actors.Host.Http;

/// <summary>
/// Source-generated JSON for the API's contracts: camelCase, and strict on input — an unknown member in a batch is a
/// 400, not silently ignored.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(WriteResponse))]
[JsonSerializable(typeof(IncrementResponse))]
[JsonSerializable(typeof(ScanResponse))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(DashboardSnapshot))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
