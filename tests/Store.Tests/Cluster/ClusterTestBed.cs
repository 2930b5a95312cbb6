using System.Diagnostics;
using Actors.Store.Cluster;
using Actors.Store.Tests.Api;
using Actors.TestKit;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Cluster;

/// <summary>
/// A cluster of in-process nodes on a PostgreSQL schema of the test's own (dropped at the end), with short timeouts; it
/// records every view (<see cref="ViewHistory"/>) and samples, all along, that at most one node is coordinator.
/// </summary>
internal sealed class ClusterTestBed : IAsyncDisposable
{
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromMilliseconds(1500);

    private readonly List<SimulatedNode> _nodes = [];
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;

    public ClusterTestBed(ITestOutputHelper output, int shards = 12)
    {
        Shards = shards;
        Loggers = LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));
        Registry = new ShardHostRegistry(History);
        _sampler = Task.Run(SampleCoordinatorsAsync);
    }

    public string Schema { get; } = "cl_" + Guid.NewGuid().ToString("N")[..16];

    public int Shards { get; }

    public ILoggerFactory Loggers { get; }

    public ViewHistory History { get; } = new();

    public ShardHostRegistry Registry { get; }

    public IReadOnlyList<SimulatedNode> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    public ClusterSettings Settings(string node) => new()
    {
        Enabled = true,
        NodeName = node,
        AdvertisedUrl = $"http://{node}.test:5080",
        ConnectionString = PostgresFactAttribute.ConnectionString,
        Schema = Schema,
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        FailureTimeout = FailureTimeout,
        ViewRefreshInterval = TimeSpan.FromSeconds(1),
        JoinTimeout = TimeSpan.FromSeconds(15),
        RebalanceInterval = TimeSpan.FromMilliseconds(200),
        HandOffTimeout = TimeSpan.FromSeconds(3),
        MaxMovesPerRound = 4,
    };

    public async Task<SimulatedNode> StartAsync(string name, Func<ClusterSettings, ClusterSettings>? adjust = null)
    {
        ClusterSettings settings = Settings(name);
        ClusterNode node = await ClusterNode.JoinAsync(adjust is null ? settings : adjust(settings), Shards, Loggers);
        var simulated = new SimulatedNode(node, Registry, History);
        lock (_nodes)
        {
            _nodes.Add(simulated);
        }

        return simulated;
    }

    public async Task<IReadOnlyList<SimulatedNode>> StartAllAsync(params string[] names)
    {
        var nodes = new List<SimulatedNode>();
        foreach (string name in names)
        {
            nodes.Add(await StartAsync(name));
        }

        return nodes;
    }

    /// <summary>Kills a node as SIGKILL would: its sessions end at once, and it never says goodbye.</summary>
    public async Task CrashAsync(SimulatedNode node)
    {
        lock (_nodes)
        {
            _nodes.Remove(node);
        }

        await node.DisposeAsync();
    }

    /// <summary>Polls <paramref name="observer"/>'s view (refreshing it) until <paramref name="condition"/> holds.</summary>
    public static async Task<ClusterView> WaitForAsync(SimulatedNode observer, Func<ClusterView, bool> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ClusterView view = observer.Node.View;
            if (condition(view))
            {
                return view;
            }

            if (clock.Elapsed > within)
            {
                Assert.Fail($"Not within {within.TotalSeconds} s: {what}. Last view of {observer.Name}: {view}\n{string.Join("\n", view.Shards)}");
            }

            try
            {
                using var poll = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
                await observer.Node.WaitForViewAsync(condition, poll.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> (which the nodes' event handlers make true soon after a view) until it holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, $"Not within {within.TotalSeconds} s: {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Every shard assigned (none moving) and the members that are up within one shard of each other.</summary>
    public static bool IsBalanced(ClusterView view, params string[] members)
    {
        if (view.Shards.Any(s => s.State != ShardOwnershipState.Assigned))
        {
            return false;
        }

        int[] loads = members.Select(m => view.ShardsOwnedBy(m).Count()).ToArray();
        return loads.Sum() == view.Shards.Count && loads.Max() - loads.Min() <= 1;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal), connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        foreach (SimulatedNode node in Nodes)
        {
            await node.DisposeAsync();
        }

        await using (var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Loggers.Dispose();
        _sampling.Dispose();
    }

    // Two nodes may both believe they coordinate only briefly: a node whose session was killed under it finds out at its
    // next round. Two under one term, or two for longer than a few rounds, is a violation.
    private async Task SampleCoordinatorsAsync()
    {
        var overlap = new Stopwatch();
        while (!_sampling.IsCancellationRequested)
        {
            (string Name, long Term)[] coordinators = Nodes.Where(n => n.Node.IsCoordinator).Select(n => (n.Name, n.Node.CoordinatorTerm)).ToArray();
            if (coordinators.Length > 1)
            {
                overlap.Start();
                if (coordinators.DistinctBy(c => c.Term).Count() < coordinators.Length || overlap.Elapsed > TimeSpan.FromMilliseconds(800))
                {
                    History.Violation($"{coordinators.Length} nodes are coordinator at once: {string.Join(", ", coordinators)}, for {overlap.ElapsedMilliseconds} ms");
                }
            }
            else
            {
                overlap.Reset();
            }

            try
            {
                await Task.Delay(20, _sampling.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
