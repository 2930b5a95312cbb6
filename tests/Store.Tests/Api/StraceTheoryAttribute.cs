using System.Diagnostics;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A theory that watches a process's system calls with strace (<c>/usr/bin/strace</c>). As with the browser and
/// PostgreSQL tests, only an explicit <c>ACTORS_SKIP_STRACE=1</c> skips it; otherwise the test calls
/// <see cref="AssertUsable"/>, which fails it with what to do when strace is missing or may not trace here.
/// </summary>
public sealed class StraceTheoryAttribute : TheoryAttribute
{
    public const string Executable = "/usr/bin/strace";

    private static readonly Lazy<string?> Unusable = new(Probe);

    public StraceTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("ACTORS_SKIP_STRACE") == "1")
        {
            Skip = "ACTORS_SKIP_STRACE=1";
        }
    }

    /// <summary>Fails the calling test, saying why and what to do, when strace cannot trace on this machine.</summary>
    public static void AssertUsable() =>
        Assert.True(Unusable.Value is null, $"{Unusable.Value} Install Debian's strace (apt-get install strace), or set ACTORS_SKIP_STRACE=1 to skip.");

    // Traces `true` once: that fails the same way a real trace would where ptrace is not allowed (some containers).
    private static string? Probe()
    {
        if (!File.Exists(Executable))
        {
            return $"strace is missing at {Executable}.";
        }

        using var process = Process.Start(new ProcessStartInfo(Executable, ["-qq", "-e", "trace=none", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"strace cannot trace here ({error.Trim()}).";
    }
}
