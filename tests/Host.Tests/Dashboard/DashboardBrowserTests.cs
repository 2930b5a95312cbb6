using Actors.Host.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Actors.Host.Tests.Dashboard;

/// <summary>
/// The dashboard in the machine's headless Chromium, driven by Playwright, against a real <c>serve</c>: it loads, shows
/// live figures, and a value written through the API appears in it without a reload. Playwright never downloads a
/// browser here: it is pointed at <c>/usr/bin/chromium</c>, which <c>scripts/test.sh</c> installs.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class DashboardBrowserTests
{
    [BrowserFact]
    public async Task The_dashboard_shows_live_figures_and_a_value_written_through_the_API()
    {
        BrowserFactAttribute.AssertChromiumInstalled();
        SetDefaultExpectTimeout(30_000);
        await using var serve = await ServeProcess.StartAsync(["host.dashboard.refresh=250ms"]);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = HeadlessChromium.CollectConsoleErrors(page);

        await page.GotoAsync(serve.BaseAddress.ToString());
        await Expect(page.Locator("#status")).ToHaveTextAsync("ready");
        await Expect(page.Locator("#durability")).ToHaveTextAsync("batched");
        await Expect(page.Locator("#shards tbody tr")).ToHaveCountAsync(16);
        await Expect(page.Locator("#keys-total")).ToHaveTextAsync("0");
        await Expect(page.Locator("#report-status")).ToContainTextAsync("No lab report yet");
        await Expect(page.Locator("#cluster")).ToBeHiddenAsync();

        // A value written through the API shows up in the key list and the counts, without reloading.
        Assert.True((await serve.Client.PutAsync("/v1/kv/dashboard:greeting", new StringContent("written through the API"))).IsSuccessStatusCode);
        await Expect(page.Locator("#keys tbody")).ToContainTextAsync("dashboard:greeting");
        await Expect(page.Locator("#keys tbody")).ToContainTextAsync("written through the API");
        await Expect(page.Locator("#keys-total")).ToHaveTextAsync("1");

        // Under load the live figures move: operations per second, a latency percentile, a chart line.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await serve.Client.PutAsync($"/v1/kv/load:{i % 50}", new StringContent("x"));
            }
        });
        try
        {
            await page.WaitForFunctionAsync("() => parseFloat(document.getElementById('ops-rate').textContent.replace(/,/g, '')) > 0");
            await Expect(page.Locator("#p99")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[0-9.]+ (µs|ms|s)$"));
            await Expect(page.Locator("#latency tbody")).ToContainTextAsync("set");
            await Expect(page.Locator("#ops-chart polyline")).ToHaveCountAsync(1);
            await page.WaitForFunctionAsync("() => parseInt(document.getElementById('keys-total').textContent.replace(/,/g, ''), 10) > 1");
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }

        // A lab report appears once the lab writes one.
        var reports = Path.Combine(serve.DataDirectory, "reports");
        Directory.CreateDirectory(reports);
        await File.WriteAllTextAsync(Path.Combine(reports, "lab-report.html"), "<!doctype html><title>lab</title><h1 id=\"lab\">Lab report for the test</h1>");
        await Expect(page.Locator("#report-status")).ToContainTextAsync("lab-report.html");
        await Expect(page.FrameLocator("#report").Locator("#lab")).ToHaveTextAsync("Lab report for the test");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }
}
