namespace Actors.Host.Http;

/// <summary>Endpoint names: the <c>route</c> tag of <c>http.server.request.duration</c> and the dashboard's figures.</summary>
internal static class Routes
{
    public const string KvGet = "kv_get";
    public const string KvPut = "kv_put";
    public const string KvDelete = "kv_delete";
    public const string KvIncrement = "kv_increment";
    public const string KvScan = "kv_scan";
    public const string Batch = "batch";
    public const string Stats = "stats";
    public const string Metrics = "metrics";
    public const string Health = "health";
    public const string Dashboard = "dashboard";
    public const string Unmatched = "unmatched";
}
