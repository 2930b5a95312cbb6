using System.Text.RegularExpressions;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Telemetry;

/// <summary>The README's metrics table names every metric the store and the host export, so that it stays true.</summary>
public sealed partial class MetricsDocumentationTests
{
    [Fact]
    public async Task Every_metric_of_the_Actors_meters_is_in_the_README_s_metrics_table()
    {
        await using var server = await InProcessServer.StartAsync("store.durability = batched");
        await server.Client.PutAsync("/v1/kv/documented", new StringContent("1"));
        await server.Client.GetAsync("/v1/kv/documented");
        var metrics = PrometheusText.Parse(await server.Client.GetStringAsync("/metrics"));

        var ours = metrics.Samples
            .Where(s => s.Labels.TryGetValue("otel_scope_name", out var meter) && meter.StartsWith("Actors", StringComparison.Ordinal))
            .Select(s => FamilySuffix().Replace(s.Name, string.Empty))
            .ToHashSet();
        Assert.Contains("store_operations_total", ours);
        Assert.Contains("actors_persistence_group_events", ours);

        var table = Readme()[Readme().IndexOf("### Metrics and traces", StringComparison.Ordinal)..];
        Assert.All(ours, name => Assert.Contains($"`{name}`", table, StringComparison.Ordinal));
    }

    private static string Readme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Actors.sln")))
            {
                return File.ReadAllText(Path.Combine(directory.FullName, "README.md"));
            }
        }

        throw new InvalidOperationException($"Actors.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex FamilySuffix();
}
