using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Api;

/// <summary>
/// <c>store.durability = strict</c> flushes each commit to disk before it acknowledges it (SQLite
/// <c>synchronous=FULL</c>); <c>batched</c> does not (<c>NORMAL</c>: the disk is flushed at checkpoints). A SIGKILL
/// cannot tell the two apart, since the operating system keeps what a killed process wrote; only a power loss could.
/// So this watches the system calls: the crash probe writes one value at a time under strace, printing "begin" before
/// each write and "ack" after its reply, and in strict mode an fsync or fdatasync must have completed between every
/// begin and its ack.
/// </summary>
public sealed partial class StrictFlushTests(ITestOutputHelper output)
{
    private const int Writes = 40;

    [StraceTheory]
    [InlineData("strict")]
    [InlineData("batched")]
    public async Task Strict_flushes_every_commit_to_disk_before_acknowledging_it_and_batched_does_not(string durability)
    {
        StraceTheoryAttribute.AssertUsable();
        var directory = StoreHarness.NewDirectory();
        var trace = Path.Combine(Path.GetTempPath(), $"strict-flush-{Guid.NewGuid():N}.strace");
        try
        {
            var start = CrashProbeProcess.StartInfo(StraceTheoryAttribute.Executable, [
                "-f", "-qq", "-e", "trace=write,fsync,fdatasync", "-e", "signal=none", "-s", "32", "-o", trace,
                "dotnet", CrashProbeProcess.Dll, directory, durability, "flush", "sequential", $"{Writes}"]);
            using (var probe = System.Diagnostics.Process.Start(start)!)
            {
                var errors = probe.StandardError.ReadToEndAsync();
                var report = await probe.StandardOutput.ReadToEndAsync();
                await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(probe.ExitCode == 0, $"the probe failed under strace (exit {probe.ExitCode}): {await errors}");
                Assert.Equal(Writes, report.Split('\n').Count(l => l.StartsWith("ack ", StringComparison.Ordinal)));
            }

            var flushed = FlushedAcks(File.ReadLines(trace)).ToArray();
            output.WriteLine($"{durability}: {flushed.Count(f => f)} of {flushed.Length} acknowledgements came after a flush of their own.");
            Assert.Equal(Writes, flushed.Length);
            if (durability == "strict")
            {
                Assert.True(flushed.All(f => f), $"in strict mode {flushed.Count(f => !f)} of {Writes} writes were acknowledged without a flush to disk since they began");
            }
            else
            {
                // Not a flush per commit: the point of batched. (A checkpoint now and then may flush.)
                Assert.True(flushed.Count(f => f) < Writes / 2, $"in batched mode {flushed.Count(f => f)} of {Writes} acknowledgements waited for a flush of their own");
            }
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
            File.Delete(trace);
        }
    }

    /// <summary>
    /// For each "ack" the probe wrote, whether an fsync or fdatasync completed after the "begin" before it. strace
    /// prints a call that another thread interrupts in two parts; a flush counts when its result is printed, which
    /// happens before the thread it woke could write anything.
    /// </summary>
    private static IEnumerable<bool> FlushedAcks(IEnumerable<string> trace)
    {
        var flushes = 0;
        foreach (var line in trace)
        {
            if (ProbeWrite().Match(line) is { Success: true } write)
            {
                if (write.Groups["what"].Value == "begin")
                {
                    flushes = 0;
                }
                else
                {
                    yield return flushes > 0;
                }
            }
            else if (FlushDone().IsMatch(line))
            {
                flushes++;
            }
        }
    }

    // The probe's report goes to a duplicate of stdout, so it is recognised by what it says rather than by its fd.
    [GeneratedRegex("""write\(\d+, "(?<what>begin|ack) """)]
    private static partial Regex ProbeWrite();

    [GeneratedRegex("""(^\d+ +f(data)?sync\(\d+\)|<\.\.\. f(data)?sync resumed>\)) += 0$""")]
    private static partial Regex FlushDone();
}
