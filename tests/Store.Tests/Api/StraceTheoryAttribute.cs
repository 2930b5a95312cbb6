using System.Diagnostics;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A theory that watches a process's system calls with strace: skipped, saying why, where strace is not installed or
/// may not trace (a container without ptrace). Install it with <c>apt-get install strace</c>.
/// </summary>
public sealed class StraceTheoryAttribute : TheoryAttribute
{
    public const string Path = "/usr/bin/strace";

    private static readonly Lazy<string?> Unavailable = new(Probe);

    public StraceTheoryAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }

    // Traces `true` once: that fails the same way a real trace would if the machine forbids ptrace.
    private static string? Probe()
    {
        if (!File.Exists(Path))
        {
            return $"strace is not installed at {Path} (apt-get install strace)";
        }

        using var process = Process.Start(new ProcessStartInfo(Path, ["-qq", "-e", "trace=none", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"strace cannot trace here: {error.Trim()}";
    }
}
