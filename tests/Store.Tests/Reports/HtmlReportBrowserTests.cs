using System.Text.RegularExpressions;
using Actors.Store.Reports;

namespace Actors.Store.Tests.Reports;

/// <summary>The HTML reports render in a real browser: their inline script draws the charts without any network.</summary>
public sealed partial class HtmlReportBrowserTests
{
    [BrowserFact]
    public async Task The_bench_report_draws_its_three_charts_in_chromium()
    {
        var dom = await RenderAsync(HtmlReport.Render(SampleReports.Bench()), "bench");

        Assert.Contains("data-charts-drawn=\"3\"", dom, StringComparison.Ordinal);
        Assert.Equal(6, Bars(dom, "throughput").Count);
        Assert.Equal(24, Bars(dom, "p50|p90|p99|p999").Count);
        Assert.Equal(6, Regex.Matches(dom, "class=\"cell\"").Count);
        Assert.Contains("data-verdict=\"data-lost\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-verdict=\"rejected\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>\"", dom, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_scenario_report_draws_its_verdict_matrix_in_chromium()
    {
        var dom = await RenderAsync(HtmlReport.Render(SampleReports.Scenarios()), "scenarios");

        Assert.Contains("data-charts-drawn=\"2\"", dom, StringComparison.Ordinal);
        Assert.Equal(9, Regex.Matches(dom, "class=\"cell\"").Count);
        Assert.Equal(3, Regex.Matches(dom, "data-verdict=\"guard-tripped\"").Count);
        Assert.Contains("write-write", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_is_self_contained()
    {
        foreach (var html in new[] { HtmlReport.Render(SampleReports.Bench()), HtmlReport.Render(SampleReports.Scenarios()) })
        {
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
            Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Matches(html, "<script").Count);
        }

        // Text from results is escaped in the markup, and cannot close the data script.
        var bench = HtmlReport.Render(SampleReports.Bench());
        Assert.Contains("&lt;script&gt;", bench, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", bench, StringComparison.Ordinal);
    }

    private static List<string> Bars(string dom, string series) =>
        [.. BarPattern().Matches(dom).Select(m => m.Value).Where(bar => Regex.IsMatch(bar, $"data-series=\"({series})\""))];

    /// <summary>Writes the report, renders it headless, keeps a screenshot beside it if asked to, and returns the DOM.</summary>
    private static async Task<string> RenderAsync(string html, string name)
    {
        BrowserFactAttribute.AssertChromiumInstalled();
        var directory = Directory.CreateTempSubdirectory("lab-report-");
        try
        {
            var file = Path.Combine(directory.FullName, name + ".html");
            await File.WriteAllTextAsync(file, html);
            var dom = await HeadlessChromium.DumpDomAsync(file);
            if (Environment.GetEnvironmentVariable("ACTORS_REPORT_SCREENSHOTS") is { Length: > 0 } screenshots)
            {
                Directory.CreateDirectory(screenshots);
                await HeadlessChromium.ScreenshotAsync(file, Path.Combine(screenshots, name + ".png"));
            }

            return dom;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<rect[^>]*class=\"bar\"[^>]*>")]
    private static partial Regex BarPattern();
}
