using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Actors.Host.Cluster;
using Actors.Host.Hosting;
using Actors.Store.Load;

namespace Actors.Host.Cli;

/// <summary>
/// <c>cluster probe</c>: writes one key per shard every few milliseconds through running hosts and reports how long
/// each shard went without an acknowledged write — the pause a client sees during a hand-off or a failover — and
/// whether every acknowledged write was still there at the end. Exit code 1 if one was lost.
/// </summary>
internal static class ClusterProbeCommand
{
    public static Command Create(TextWriter output)
    {
        var targets = new Option<string>("--targets")
        {
            Description = "Comma-separated base URLs of the hosts to write through, in turn (default: http://127.0.0.1:5080).",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var duration = new Option<string>("--duration", "-d") { Description = "How long to probe, e.g. 30s (default: 30s; Ctrl-C stops early and reports).", DefaultValueFactory = _ => "30s" };
        var interval = new Option<string>("--interval") { Description = "Time between two writes to one shard, e.g. 20ms (default: 20ms).", DefaultValueFactory = _ => "20ms" };
        var token = new Option<string?>("--token") { Description = $"Bearer token for the hosts (default: the {HostSettings.TokenVariable} environment variable)." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var probe = new Command("probe", "Measure each shard's longest pause (hand-off, failover) as a client sees it, and check that no acknowledged write is lost.")
        {
            targets, duration, interval, token, json,
        };
        probe.SetAction(async (parse, cancellationToken) =>
        {
            var options = LabOptions.Usage(() => new ShardProbeOptions
            {
                Targets = TargetUrls.Parse("--targets", parse.GetValue(targets))!,
                Duration = LabArguments.ParseDuration(parse.GetValue(duration)!),
                Interval = LabArguments.ParseDuration(parse.GetValue(interval)!),
            });
            if (options.Interval < TimeSpan.FromMilliseconds(1) || options.Interval > TimeSpan.FromSeconds(10))
            {
                throw new UsageException($"--interval must be between 1ms and 10s; got {parse.GetValue(interval)}.");
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            if ((parse.GetValue(token) ?? Environment.GetEnvironmentVariable(HostSettings.TokenVariable)) is { Length: > 0 } bearer)
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            }

            // The command line leaves SIGINT and SIGTERM alone (serve's generic host owns them), so without this Ctrl-C
            // would end the process with no report. The first one stops probing, and the probe verifies and reports as at
            // the end of --duration; a second one ends the process at once.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var report = await new ShardProbe(client, options).RunAsync(interrupted.Token).ConfigureAwait(false);
            await output.WriteAsync(report.ToText()).ConfigureAwait(false);
            if (parse.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, ClusterJson.Options), CancellationToken.None).ConfigureAwait(false);
            }

            return report.LostShards == 0 ? ExitCodes.Success : ExitCodes.Failure;

            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = !interrupted.IsCancellationRequested;
                interrupted.Cancel();
            }
        });
        return probe;
    }
}
