using Actors.Host.Cli;
using Actors.Host.Cluster;
using Actors.Host.Tests.Infrastructure;
using Actors.Store.Sharding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// The dashboard of a clustered host draws the cluster — members, coordinator, one cell per shard coloured by owner —
/// from the same picture as <c>/v1/cluster</c>, and redraws it when shards move; <c>cluster locate</c> names a key's
/// owner; and <c>cluster probe</c>, writing to every shard through the graceful leave, sees the moved shards, no refused
/// write and no lost one.
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed class ClusterDashboardTests
{
    [BrowserFact(NeedsPostgres = true)]
    public async Task The_dashboard_draws_the_members_and_the_shard_map_and_follows_a_hand_off_that_the_probe_sees_without_a_refused_write()
    {
        BrowserFactAttribute.AssertChromiumInstalled();
        SetDefaultExpectTimeout(30_000);
        // Long enough that a loaded machine's late heartbeats are not taken for a failure (n2 leaves gracefully below).
        await using var cluster = new TestCluster(shards: 8, TimeSpan.FromSeconds(6));
        var n1 = await cluster.StartNodeAsync("n1", ["host.dashboard.refresh=250ms"]);
        var n2 = await cluster.StartNodeAsync("n2");
        var spread = await TestCluster.WaitForViewAsync(n1, v => TestCluster.Spread(v) is { Count: 2 } s && s.Values.All(c => c == 4), TimeSpan.FromSeconds(30), "8 shards spread 4/4");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = HeadlessChromium.CollectConsoleErrors(page);
        await page.GotoAsync(n1.BaseAddress.ToString());

        await Expect(page.Locator("#cluster")).ToBeVisibleAsync();
        await Expect(page.Locator("#cluster-summary")).ToContainTextAsync("answered by n1");
        await Expect(page.Locator("#cluster-summary")).ToContainTextAsync($"coordinator {spread.Coordinator}");
        await Expect(page.Locator("#members tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#members tr[data-member='n1']")).ToHaveClassAsync("self");
        await Expect(page.Locator("#members tr[data-member='n2'] td").Nth(4)).ToHaveTextAsync("4");
        await Expect(page.Locator("#shard-map .cell")).ToHaveCountAsync(8);
        foreach (var shard in spread.Shards)
        {
            await Expect(page.Locator($"#shard-map .cell[data-shard='{shard.Id}']")).ToHaveAttributeAsync("data-owner", shard.Owner!);
        }

        // The two owners are drawn in two different colours (owners and colours read from one rendering of the map).
        var drawn = await page.EvalOnSelectorAllAsync<int[]>("#shard-map .cell",
            "cells => [new Set(cells.map(c => c.dataset.owner)).size, new Set(cells.map(c => getComputedStyle(c).backgroundColor)).size]");
        Assert.Equal([2, 2], drawn);

        // cluster locate names the owner the view has for the key's shard.
        var locate = new StringWriter();
        Assert.Equal(0, await HostCommandLine.RunAsync(["cluster", "locate", "user/42", "--target", n1.BaseAddress.ToString()], locate, new StringWriter()));
        var located = spread.Shards[StableHash.ShardOf("user/42", 8)];
        var owner = spread.Members.Single(m => m.Name == located.Owner);
        Assert.Equal($"{located.Id} {located.Owner} {owner.Url} {located.Epoch} assigned", locate.ToString().Trim());

        // n2 leaves gracefully under the probe: its shards are handed to n1, and the map follows without a reload.
        using var client = new HttpClient();
        using var stopProbe = new CancellationTokenSource();
        var probe = new ShardProbe(client, new ShardProbeOptions { Targets = [n1.BaseAddress], Duration = TimeSpan.FromMinutes(2) }).RunAsync(stopProbe.Token);
        await WaitUntilEveryShardIsWrittenAsync(n1, spread.Shards.Count);
        Assert.Equal(0, await n2.TerminateAsync(TimeSpan.FromSeconds(60)));
        await Expect(page.Locator("#shard-map .cell[data-owner='n1'][data-state='assigned']")).ToHaveCountAsync(8);
        await Expect(page.Locator("#members tr[data-member='n1'] td").Nth(4)).ToHaveTextAsync("8");
        await stopProbe.CancelAsync();
        var report = await probe;
        Assert.True(report.Shards.Count(s => s.Moved) == 4 && report.Errors.Count == 0 && report.LostShards == 0 && report.Shards.All(s => s.Acknowledged > 0), report.ToText());
        Assert.All(report.Shards.Where(s => s.Moved), s => Assert.Equal(("n2", "n1"), (s.OwnerBefore, s.OwnerAfter)));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-cluster.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }

    // The probe has written every shard's key at least once (so the leave happens while it is running).
    private static async Task WaitUntilEveryShardIsWrittenAsync(ServeProcess via, int shards)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var page = await via.Client.GetStringAsync("/v1/kv?prefix=probe/&limit=1000");
            if (System.Text.Json.JsonDocument.Parse(page).RootElement.GetProperty("entries").GetArrayLength() >= shards)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("The probe did not write every shard within 30 s.");
    }
}
