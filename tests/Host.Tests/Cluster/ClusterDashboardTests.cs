using Actors.Host.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Actors.Host.Tests.Cluster;

/// <summary>
/// The dashboard of a clustered host draws the cluster — members, coordinator, one cell per shard coloured by owner —
/// from the same picture as <c>/v1/cluster</c>, and redraws it when shards move.
/// </summary>
[Collection(nameof(ClusterProcesses))]
public sealed class ClusterDashboardTests
{
    [PostgresFact]
    public async Task The_dashboard_draws_the_members_and_the_shard_map_and_follows_a_hand_off()
    {
        if (!HeadlessChromium.IsAvailable())
        {
            return;
        }

        SetDefaultExpectTimeout(30_000);
        await using var cluster = new TestCluster(shards: 8, TimeSpan.FromSeconds(2));
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

        // The two owners are drawn in two different colours.
        var colours = await page.EvalOnSelectorAllAsync<string[]>("#shard-map .cell", "cells => [...new Set(cells.map(c => getComputedStyle(c).backgroundColor))]");
        Assert.Equal(2, colours.Length);

        // n2 leaves gracefully: its shards are handed to n1, and the map follows without a reload.
        Assert.Equal(0, await n2.TerminateAsync(TimeSpan.FromSeconds(60)));
        await Expect(page.Locator("#shard-map .cell[data-owner='n1'][data-state='assigned']")).ToHaveCountAsync(8);
        await Expect(page.Locator("#members tr[data-member='n1'] td").Nth(4)).ToHaveTextAsync("8");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-cluster.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }
}
