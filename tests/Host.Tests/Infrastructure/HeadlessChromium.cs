using Microsoft.Playwright;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// The machine's Chromium (<c>/usr/bin/chromium</c>, which <c>scripts/test.sh</c> installs), headless, driven by
/// Playwright — which is never allowed to download a browser of its own.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = BrowserFactAttribute.Executable;

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            ChromiumSandbox = false,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Collects what the page logs as errors, to assert that there were none.</summary>
    public static List<string> CollectConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        return errors;
    }
}
