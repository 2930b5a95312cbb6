using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Actors.Host.Cluster;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// The <c>cluster</c> commands as an operator runs them, as processes of their own against a running cluster:
/// <c>cluster status</c> prints the picture <c>/v1/cluster</c> shows, straight from the database (so also with every host
/// down); <c>cluster probe</c> exits 0 when every acknowledged write is still there and 1, naming the shards, when one
/// was lost.
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed partial class ClusterCommandTests
{
    private static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task Cluster_status_prints_the_members_and_shard_owners_of_v1_cluster_and_still_works_with_every_host_down()
    {
        await using var cluster = new TestCluster(shards: 4, FailureTimeout);
        var n1 = await cluster.StartNodeAsync("n1");
        var n2 = await cluster.StartNodeAsync("n2");
        var served = await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 2 } s && s.Values.All(c => c == 2), TimeSpan.FromSeconds(30), "4 shards spread 2/2");

        var json = await StatusJsonAsync(cluster);
        AssertSamePicture(served, json);
        AssertSamePicture(served, await StatusTextAsync(cluster));

        // Every host gone at once (nobody is left to mark them down): the database still holds the last picture.
        foreach (var node in cluster.Nodes)
        {
            node.Signal(9);
            await node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        AssertSamePicture(served, await StatusJsonAsync(cluster));
        AssertSamePicture(served, await StatusTextAsync(cluster));
    }

    [PostgresFact]
    public async Task Cluster_probe_exits_0_when_every_acknowledged_write_is_there_and_1_naming_the_shards_whose_write_was_lost()
    {
        await using var cluster = new TestCluster(shards: 4, FailureTimeout);
        var n1 = await cluster.StartNodeAsync("n1");
        var n2 = await cluster.StartNodeAsync("n2");
        await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 2 } s && s.Values.All(c => c == 2), TimeSpan.FromSeconds(30), "4 shards spread 2/2");
        var targets = $"{n1.BaseAddress},{n2.BaseAddress}";

        // A clean run: writes through both hosts, every one acknowledged and still there at the end.
        var reportFile = Path.Combine(TempDirectory.Create("probe"), "report.json");
        var clean = await ServeProcess.RunToExitAsync(["cluster", "probe", "--targets", targets, "--duration", "3s", "--interval", "20ms", "--json", reportFile]);
        Assert.True(clean.Exit == 0, $"exit {clean.Exit}: {clean.Output}{clean.Error}");
        Assert.Contains("0 shards lost an acknowledged write", clean.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("LOST A WRITE", clean.Output, StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile)))
        {
            var shards = report.RootElement.GetProperty("shards").EnumerateArray().ToArray();
            Assert.Equal(4, shards.Length);
            // Several writes per shard, each acknowledged and there at the end (a loaded machine may manage only a few).
            Assert.All(shards, s => Assert.True(s.GetProperty("acknowledged").GetInt64() >= 3 && !s.GetProperty("lost").GetBoolean(), s.ToString()));
        }

        // A run whose acknowledged writes are lost behind its back: one write per shard (the next is 10 s away), then
        // one shard's key is deleted and another's overwritten with an older value through the API, and the probe is
        // interrupted (Ctrl-C), which ends it early with its report.
        var before = await ProbeKeysAsync(n1);
        using var probe = ServeProcess.StartCommand(["cluster", "probe", "--targets", targets, "--duration", "60s", "--interval", "10s"]);
        var output = probe.StandardOutput.ReadToEndAsync();
        var error = probe.StandardError.ReadToEndAsync();
        string[] written = [];
        var watch = Stopwatch.StartNew();
        while ((written = [.. (await ProbeKeysAsync(n1)).Except(before)]).Length < 4)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30) && !probe.HasExited, $"the probe did not write every shard: {string.Join(", ", written)}");
            await Task.Delay(20);
        }

        var deleted = written[0];
        var overwritten = written[1];
        Assert.Equal(HttpStatusCode.NoContent, (await n2.Client.DeleteAsync($"/v1/kv/{Uri.EscapeDataString(deleted)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await n1.Client.PutAsync($"/v1/kv/{Uri.EscapeDataString(overwritten)}", new StringContent("0"))).StatusCode);
        ServeProcess.Signal(probe, 2);
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var text = await output;
        Assert.True(probe.ExitCode == 1, $"exit {probe.ExitCode}: {text}{await error}");
        Assert.Contains("4 acknowledged", text, StringComparison.Ordinal); // one write per shard: none rewrote a lost key
        Assert.Contains("2 shards lost an acknowledged write", text, StringComparison.Ordinal);
        var lost = text.Split('\n').Where(l => l.Contains("LOST A WRITE", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, lost.Length);
        Assert.Contains(lost, l => ShardOfLine(l) == ShardOf(deleted) && l.Contains("404", StringComparison.Ordinal));
        Assert.Contains(lost, l => ShardOfLine(l) == ShardOf(overwritten));
    }

    private static int ShardOf(string key) => Store.Sharding.StableHash.ShardOf(key, 4);

    private static int ShardOfLine(string reportLine) => int.Parse(ReportShardLine().Match(reportLine).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string[]> ProbeKeysAsync(ServeProcess via)
    {
        using var page = JsonDocument.Parse(await via.Client.GetStringAsync("/v1/kv?prefix=probe/&limit=1000"));
        return [.. page.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString()!)];
    }

    private static string[] StatusArguments(TestCluster cluster) =>
        ["cluster", "status", "-D", $"cluster.postgres.connection-string={PostgresFactAttribute.ConnectionString}", "-D", $"cluster.postgres.schema={cluster.Schema}"];

    private static async Task<Picture> StatusJsonAsync(TestCluster cluster)
    {
        var status = await ServeProcess.RunToExitAsync([.. StatusArguments(cluster), "--json"]);
        Assert.True(status.Exit == 0, $"exit {status.Exit}: {status.Error}");
        var picture = JsonSerializer.Deserialize<ClusterPicture>(status.Output, ClusterJson.Options)!;
        Assert.Null(picture.AnsweredBy); // read from the database, not from a host
        return Picture.Of(picture);
    }

    // The table: "  n1   up   2 shards  http://…  heartbeat …" per member, "      0  n1   epoch 1     assigned" per shard.
    private static async Task<Picture> StatusTextAsync(TestCluster cluster)
    {
        var status = await ServeProcess.RunToExitAsync(StatusArguments(cluster));
        Assert.True(status.Exit == 0, $"exit {status.Exit}: {status.Error}");
        var lines = status.Output.Split('\n');
        var coordinator = lines.Select(l => CoordinatorLine().Match(l)).Single(m => m.Success).Groups[1].Value;
        var members = lines.Select(l => MemberLine().Match(l)).Where(m => m.Success)
            .Select(m => new Member(m.Groups["name"].Value, m.Groups["url"].Value, m.Groups["status"].Value, int.Parse(m.Groups["shards"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        var shards = lines.Select(l => ShardLine().Match(l)).Where(m => m.Success)
            .Select(m => new Shard(int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["owner"].Value, long.Parse(m.Groups["epoch"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["state"].Value));
        return new Picture(coordinator, [.. members.OrderBy(m => m.Name, StringComparer.Ordinal)], [.. shards]);
    }

    private static void AssertSamePicture(ClusterPicture served, Picture printed)
    {
        var expected = Picture.Of(served);
        Assert.Equal(expected.Coordinator, printed.Coordinator);
        Assert.Equal(expected.Members, printed.Members);
        Assert.Equal(expected.Shards, printed.Shards);
    }

    [GeneratedRegex(@"^\s+shard\s+(\d+)\s")]
    private static partial Regex ReportShardLine();

    [GeneratedRegex(@"^coordinator: (\S+) \(term \d+\), view \d+")]
    private static partial Regex CoordinatorLine();

    [GeneratedRegex(@"^  (?<name>\S+)\s+(?<status>up|leaving|down)\s+(?<shards>\d+) shards  (?<url>\S+)  heartbeat ")]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"^\s+(?<id>\d+)  (?<owner>\S+)\s+epoch (?<epoch>\d+)\s+(?<state>assigned|handingoff|unassigned)")]
    private static partial Regex ShardLine();

    // What both commands must agree on with /v1/cluster: everything but heartbeats (they move) and who answered.
    private sealed record Picture(string? Coordinator, Member[] Members, Shard[] Shards)
    {
        public static Picture Of(ClusterPicture picture) => new(
            picture.Coordinator,
            [.. picture.Members.Select(m => new Member(m.Name, m.Url, m.Status, m.Shards)).OrderBy(m => m.Name, StringComparer.Ordinal)],
            [.. picture.Shards.Select(s => new Shard(s.Id, s.Owner ?? "(unassigned)", s.Epoch, s.State))]);
    }

    private sealed record Member(string Name, string Url, string Status, int Shards);

    private sealed record Shard(int Id, string Owner, long Epoch, string State);
}
