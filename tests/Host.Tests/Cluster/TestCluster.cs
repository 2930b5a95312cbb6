using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using Actors.Host.Cluster;
using Actors.Host.Tests.Infrastructure;
using Npgsql;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// Real <c>serve</c> processes forming one cluster on the private PostgreSQL: its own schemas (cluster tables and
/// journal), short timings so that failure detection takes seconds, free loopback ports chosen up front so that each
/// node can advertise its URL. Everything is killed and the schemas dropped at the end.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly List<ServeProcess> _nodes = [];

    public TestCluster(int shards, TimeSpan failureTimeout)
    {
        Shards = shards;
        FailureTimeout = failureTimeout;
        Schema = "c" + Guid.NewGuid().ToString("N")[..10];
    }

    public int Shards { get; }

    public TimeSpan FailureTimeout { get; }

    public string Schema { get; }

    public IReadOnlyList<ServeProcess> Nodes => _nodes;

    /// <summary>The settings every node of this cluster shares.</summary>
    public IEnumerable<string> CommonDefines() =>
    [
        $"store.shards={Shards}",
        "cluster.enabled=on",
        $"cluster.postgres.connection-string={PostgresFactAttribute.ConnectionString}",
        $"cluster.postgres.schema={Schema}",
        $"store.postgresql.schema={Schema}_journal",
        $"cluster.failure-timeout={FailureTimeout.TotalMilliseconds}ms",
        $"cluster.heartbeat-interval={FailureTimeout.TotalMilliseconds / 5}ms",
        $"cluster.rebalance.interval={FailureTimeout.TotalMilliseconds / 4}ms",
        "cluster.view-refresh-interval=1s",
        "cluster.rebalance.hand-off-timeout=5s",
    ];

    public async Task<ServeProcess> StartNodeAsync(string name, IEnumerable<string>? extra = null, bool waitForReady = true)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var node = await ServeProcess.StartAsync(
            [.. CommonDefines(), $"cluster.node-name={name}", $"cluster.advertised-url={url}", .. extra ?? []],
            waitForReady: waitForReady,
            urls: url);
        _nodes.Add(node);
        return node;
    }

    public static async Task<ClusterPicture> ViewAsync(ServeProcess via) =>
        (await via.Client.GetFromJsonAsync<ClusterPicture>("/v1/cluster"))!;

    /// <summary>Polls <paramref name="via"/>'s view until <paramref name="condition"/> holds, within <paramref name="bound"/>.</summary>
    public static async Task<ClusterPicture> WaitForViewAsync(ServeProcess via, Func<ClusterPicture, bool> condition, TimeSpan bound, string what)
    {
        var watch = Stopwatch.StartNew();
        ClusterPicture? last = null;
        while (watch.Elapsed < bound)
        {
            try
            {
                last = await ViewAsync(via);
                if (condition(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Waited {bound} for {what}; the last view was: {Describe(last)}");
    }

    /// <summary>Shards per live member, in member order.</summary>
    public static Dictionary<string, int> Spread(ClusterPicture view) =>
        view.Members.Where(m => m.Status == "up").ToDictionary(m => m.Name, m => view.Shards.Count(s => s.Owner == m.Name && s.State == "assigned"));

    public static string Describe(ClusterPicture? view) => view is null
        ? "(none)"
        : $"coordinator {view.Coordinator}; members {string.Join(", ", view.Members.Select(m => $"{m.Name}:{m.Status}:{m.Shards}"))}; " +
          $"shards {string.Join(" ", view.Shards.Select(s => $"{s.Id}={s.Owner}@{s.Epoch}/{s.State}"))}";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.HasExited)
            {
                node.Signal(18); // a stopped process must be continued before it can be killed cleanly
                node.Signal(9);
            }

            await node.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE; DROP SCHEMA IF EXISTS \"{Schema}_journal\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
