using System.Diagnostics;

namespace Actors.Store.Tests.Reports;

/// <summary>
/// Debian's chromium, run headless on a report file: the DOM after its scripts ran, or a screenshot. Each run
/// gets a fresh profile directory and no network features, so nothing is fetched.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = BrowserFactAttribute.Executable;

    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync(htmlFile, "--dump-dom");

    public static async Task ScreenshotAsync(string htmlFile, string pngFile) =>
        await RunAsync(htmlFile, $"--screenshot={pngFile}", "--window-size=1200,1400", "--hide-scrollbars");

    private static async Task<string> RunAsync(string htmlFile, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(new Uri(htmlFile).AbsoluteUri);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 90 s: {await error}");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await error}");
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
