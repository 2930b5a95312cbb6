using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Actors.Store.CrashProbe;

namespace Actors.Store.Tests.Api;

/// <summary>
/// The crash probe (<c>tests/Store.CrashProbe</c>, built alongside) as a child process: its report on stdout — a
/// <c>begin</c> line before each write is sent, an <c>ack</c> line with the store's answer after — goes into a
/// <see cref="CrashLedger"/> as it arrives.
/// </summary>
internal static class CrashProbeProcess
{
    private const int Sigkill = 9;

    public static string Dll
    {
        get
        {
            var directory = AppContext.BaseDirectory.Replace("/Store.Tests/bin/", "/Store.CrashProbe/bin/", StringComparison.Ordinal);
            var dll = Path.Combine(directory, "Store.CrashProbe.dll");
            Assert.True(File.Exists(dll), $"the crash probe was not built at {dll}");
            return dll;
        }
    }

    /// <summary>
    /// Runs the probe's 16 writers on <paramref name="directory"/> and kills it with SIGKILL once it has reported
    /// <paramref name="killAfterAcks"/> acknowledged writes; every line it wrote before dying goes into the ledger.
    /// </summary>
    public static async Task RunAndKillAsync(string directory, string durability, string run, int killAfterAcks, CrashLedger ledger)
    {
        using var process = Process.Start(StartInfo(null, [Dll, directory, durability, run]))!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            for (var acks = 0; acks < killAfterAcks;)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The probe exited before it was killed (exit {await ExitCodeAsync(process)}): {await errors}");
                if (Apply(line, ledger))
                {
                    acks++;
                }
            }

            Assert.Equal(0, Kill(process.Id, Sigkill));
            await process.WaitForExitAsync(timeout.Token);

            // What it wrote before it died is in the pipe still: those writes were begun, or acknowledged, too.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
            {
                Apply(rest, ledger);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    /// <summary>Starts the probe as <paramref name="launcher"/> (e.g. strace) would run it, or directly when null.</summary>
    public static ProcessStartInfo StartInfo(string? launcher, IEnumerable<string> arguments)
    {
        var info = launcher is null ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(launcher);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    /// <summary>Puts one report line into the ledger; true for an acknowledgement.</summary>
    public static bool Apply(string line, CrashLedger ledger)
    {
        var parts = line.Split(' ');
        switch (parts)
        {
            case ["begin", var writer, "set", var key, var sequence]:
                ledger.Begin(Int(writer), new LedgerWrite.Set(key, ProbeValue.Of(key, sequence)));
                return false;
            case ["begin", var writer, "cas", var key, var expected, var sequence]:
                ledger.Begin(Int(writer), new LedgerWrite.CompareAndSet(key, Long(expected), ProbeValue.Of(key, sequence)));
                return false;
            case ["begin", var writer, "del", var key]:
                ledger.Begin(Int(writer), new LedgerWrite.Delete(key));
                return false;
            case ["begin", var writer, "inc", var key, var by]:
                ledger.Begin(Int(writer), new LedgerWrite.Increment(key, Long(by)));
                return false;
            case ["begin", var writer, "batch", var sequence, .. var keys]:
                ledger.Begin(Int(writer), [.. keys.Select(key => new LedgerWrite.Set(key, ProbeValue.Of(key, sequence)))]);
                return false;
            case ["ack", var writer, .. var answers]:
                ledger.Acknowledge(Int(writer), [.. answers.Select(Answer)]);
                return true;
            default:
                throw new InvalidDataException($"The probe printed a line that is not in its protocol: \"{line}\"");
        }
    }

    private static LedgerAnswer Answer(string text) => text.Split('/') switch
    {
        [var applied, var version] => new LedgerAnswer(applied == "1", Long(version)),
        [var applied, var version, var value] => new LedgerAnswer(applied == "1", Long(version), Long(value)),
        _ => throw new InvalidDataException($"\"{text}\" is not an answer (applied/version[/value])."),
    };

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
