using System.Diagnostics;

namespace Actors.Store.Strategies;

/// <summary>
/// Shows that a Go-style map fault cannot be recovered from: a child process provokes overlapping access to a
/// <see cref="GoFaithfulStrategy"/> in <see cref="GoFatalMode.FailFast"/>, inside <c>try</c>/<c>catch</c>/<c>finally</c>,
/// and dies anyway; the parent reports how.
/// </summary>
/// <remarks>
/// <para>The host exposes <see cref="RunChild"/> as a hidden command (for example <c>actors-host go-fatal-child writes</c>)
/// and starts it with <see cref="RunChildProcessAsync"/>.</para>
/// <para>
/// The default provocation is deterministic: one thread holds the guard (a write or an iteration in progress) while
/// another thread makes the conflicting access, so the fault does not depend on scheduling luck. <c>--race</c>
/// instead lets two threads hammer the map until they collide, as real code would.
/// </para>
/// </remarks>
public static class GoFaithfulDemo
{
    /// <summary>The provocations <see cref="RunChild"/> accepts as its first argument.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["writes", "read-write", "iterate-write"];

    public const string RecoveredMarker = "recovered:";
    public const string FinallyMarker = "finally ran";
    public const string SurvivedMarker = "survived";

    /// <summary>
    /// The child's entry point. Arguments: a kind from <see cref="Kinds"/> (default <c>writes</c>), and optionally
    /// <c>--race</c>. Returns only when the fault did not happen: 2 for bad arguments, 3 when a race found no overlap.
    /// </summary>
    public static int RunChild(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var kind = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "writes";
        if (!Kinds.Contains(kind))
        {
            Console.Error.WriteLine($"Unknown provocation '{kind}'. Accepted: {string.Join(", ", Kinds)}.");
            return 2;
        }

        var map = new GoFaithfulStrategy(GoFatalMode.FailFast);
        Console.WriteLine($"go-faithful child: provoking '{kind}' inside try/catch/finally");
        Console.Out.Flush();
        try
        {
            if (args.Contains("--race"))
            {
                Race(map, TimeSpan.FromSeconds(30));
            }
            else
            {
                Provoke(map, kind);
            }
        }
        catch (Exception error)
        {
            Console.WriteLine($"{RecoveredMarker} {error.Message}");
            return 0;
        }
        finally
        {
            Console.WriteLine(FinallyMarker);
        }

        Console.WriteLine(SurvivedMarker);
        return 3;
    }

    /// <summary>Starts a child (see <see cref="CreateStartInfo"/>) and observes how it ends, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<GoFatalOutcome> RunChildProcessAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;

        // A fail-fast abort may otherwise try to write a crash dump, which is slow and litters the disk.
        startInfo.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            exitCode = process.ExitCode;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            exitCode = null;
        }

        var standardOutput = await output.ConfigureAwait(false);
        var standardError = await error.ConfigureAwait(false);
        var fatal = standardError.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Contains("fatal error: ", StringComparison.Ordinal));
        return new GoFatalOutcome(
            exitCode,
            fatal is null ? null : fatal[fatal.IndexOf("fatal error: ", StringComparison.Ordinal)..],
            standardOutput.Contains(RecoveredMarker, StringComparison.Ordinal),
            standardOutput.Contains(FinallyMarker, StringComparison.Ordinal),
            standardOutput,
            standardError);
    }

    /// <summary>A start info that runs <c>dotnet <paramref name="entryAssembly"/> <paramref name="arguments"/></c>.</summary>
    public static ProcessStartInfo CreateStartInfo(string entryAssembly, params IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet");
        startInfo.ArgumentList.Add(entryAssembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static void Provoke(GoFaithfulStrategy map, string kind)
    {
        // The holder plays the first party, mid-operation; the intruder is the second. Holding the guard instead of
        // racing makes the overlap certain.
        using var held = kind == "iterate-write" ? (IDisposable)map.Guard.EnterIteration() : map.Guard.EnterWrite();
        var intruder = new Thread(() =>
        {
            try
            {
                if (kind == "read-write")
                {
                    _ = map.GetAsync("k");
                }
                else
                {
                    _ = map.SetAsync("k", [1]);
                }
            }
            catch (Exception error)
            {
                Console.WriteLine($"{RecoveredMarker} {error.Message} (on the intruding thread)");
            }
        });
        intruder.Start();
        intruder.Join();
    }

    private static void Race(GoFaithfulStrategy map, TimeSpan bound)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            var value = new byte[] { (byte)w };
            for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
            {
                _ = map.SetAsync($"w{w}-{i % 1024}", value);
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        foreach (var writer in writers)
        {
            writer.Join();
        }
    }
}
