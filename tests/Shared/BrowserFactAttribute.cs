namespace Actors.Testing;

/// <summary>
/// A fact that needs the machine's headless Chromium (<c>/usr/bin/chromium</c>, which scripts/test.sh installs). Only
/// an explicit <c>ACTORS_SKIP_BROWSER=1</c> skips it, and the runner reports it as skipped, never as passed; without
/// that setting a missing Chromium fails the test with what to do. CI never sets it (scripts/test.sh clears it when
/// <c>CI</c> is set). One file, compiled into each test project that has browser tests.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ACTORS_SKIP_BROWSER") == "1")
        {
            Skip = "ACTORS_SKIP_BROWSER=1";
        }
    }

    /// <summary>Also needs the private PostgreSQL; <c>ACTORS_SKIP_POSTGRES=1</c> then skips it too.</summary>
    public bool NeedsPostgres
    {
        get => field;
        set
        {
            field = value;
            if (value && Skip is null && Environment.GetEnvironmentVariable("ACTORS_SKIP_POSTGRES") == "1")
            {
                Skip = "ACTORS_SKIP_POSTGRES=1";
            }
        }
    }

    /// <summary>Fails the calling test, saying how to get Chromium, when it is missing.</summary>
    public static void AssertChromiumInstalled() =>
        Assert.True(
            File.Exists(Executable),
            $"Chromium is missing at {Executable}: run scripts/test.sh, which installs Debian's chromium (or set ACTORS_SKIP_BROWSER=1 to skip the browser tests).");
}
