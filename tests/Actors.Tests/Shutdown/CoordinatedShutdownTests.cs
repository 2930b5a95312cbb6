using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Actors.Shutdown;

namespace Actors.Tests.Shutdown;

public sealed class CoordinatedShutdownTests
{
    private sealed class SlowCounter : ReceiveActor
    {
        private readonly ConcurrentQueue<string> _log;
        private int _processed;

        public SlowCounter(ConcurrentQueue<string> log)
        {
            _log = log;
            Receive<int>(_ =>
            {
                Thread.Sleep(2);
                _processed++;
            });
            Receive<string>(name => Context.ActorOf(Props.Create(() => new Named(log, name)), name));
        }

        protected override void PostStop() => _log.Enqueue($"PostStop counter after {_processed}");
    }

    private sealed class Named(ConcurrentQueue<string> log, string name) : ActorBase
    {
        protected override bool Receive(object message) => true;

        protected override void PostStop() => log.Enqueue($"PostStop {name}");
    }

    [Fact]
    public async Task Terminate_runs_the_phases_in_order_drains_mailboxes_before_flush_and_stops_children_first()
    {
        var log = new ConcurrentQueue<string>();
        var system = ActorSystem.Create("shutdown-order", new ActorSystemSettings { CoordinatedShutdown = new CoordinatedShutdownSettings { RunByProcessExit = false } });
        var counter = system.ActorOf(Props.Create(() => new SlowCounter(log)), "counter");
        counter.Tell("child", null);
        for (var i = 0; i < 100; i++)
        {
            counter.Tell(i, null);
        }

        foreach (var phase in CoordinatedShutdown.OrderedPhases)
        {
            system.CoordinatedShutdown.AddTask(phase, $"record-{phase}", _ =>
            {
                log.Enqueue(phase == CoordinatedShutdown.Phases.Flush
                    ? $"{phase} (counter idle: {((LocalActorRef)counter).Cell.Mailbox.IsIdle})"
                    : phase);
                return Task.CompletedTask;
            });
        }

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(
            [
                "stop-accepting",
                "drain",
                "flush (counter idle: True)",
                "PostStop child",
                "PostStop counter after 100",
                "stop-actors",
                "close",
            ],
            Order(log.ToArray()));
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
    }

    // Tasks of one phase run concurrently: "stop-actors" is recorded by a task racing the runtime's own stop task.
    private static string[] Order(string[] log) =>
        log.Where(l => l != "stop-actors").Concat(["stop-actors"]).OrderBy(l => Rank(l)).ToArray();

    private static int Rank(string line) => line switch
    {
        "stop-accepting" => 0,
        "drain" => 1,
        _ when line.StartsWith("flush", StringComparison.Ordinal) => 2,
        "PostStop child" => 3,
        _ when line.StartsWith("PostStop counter", StringComparison.Ordinal) => 4,
        "stop-actors" => 5,
        _ => 6,
    };

    [Fact]
    public async Task A_phase_that_overruns_its_timeout_does_not_block_the_shutdown()
    {
        var settings = new CoordinatedShutdownSettings
        {
            RunByProcessExit = false,
            PhaseTimeouts = new Dictionary<string, TimeSpan> { [CoordinatedShutdown.Phases.StopAccepting] = TimeSpan.FromMilliseconds(100) },
        };
        var system = ActorSystem.Create("shutdown-timeout", new ActorSystemSettings { CoordinatedShutdown = settings });
        var later = new TaskCompletionSource();
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.StopAccepting, "hangs", _ => new TaskCompletionSource().Task);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Close, "runs", _ =>
        {
            later.SetResult();
            return Task.CompletedTask;
        });

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(later.Task.IsCompleted);
    }

    [Fact]
    public async Task Terminate_is_idempotent_and_refuses_new_work()
    {
        var system = ActorSystem.Create("shutdown-twice", new ActorSystemSettings { CoordinatedShutdown = new CoordinatedShutdownSettings { RunByProcessExit = false } });
        var first = system.Terminate();
        var second = system.Terminate();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new Named(new(), "late"))));
        Assert.Throws<InvalidOperationException>(() => system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Close, "late", _ => Task.CompletedTask));
    }

    [Fact]
    public async Task An_unknown_phase_is_a_clear_error()
    {
        var system = ActorSystem.Create("shutdown-phase", new ActorSystemSettings { CoordinatedShutdown = new CoordinatedShutdownSettings { RunByProcessExit = false } });
        var error = Assert.Throws<ArgumentException>(() => system.CoordinatedShutdown.AddTask("unbind", "x", _ => Task.CompletedTask));
        Assert.Contains("stop-accepting, drain, flush, stop-actors, close", error.Message);
        await system.Terminate();
    }

    [Fact]
    public async Task SIGTERM_runs_the_coordinated_shutdown()
    {
        var probe = Path.Combine(
            AppContext.BaseDirectory.Replace("/Actors.Tests/bin/", "/Actors.SignalProbe/bin/", StringComparison.Ordinal),
            "Actors.SignalProbe.dll");
        Assert.True(File.Exists(probe), $"the probe program was not built at {probe}");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [probe]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, Kill(process.Id, 15));
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(["flush", "PostStop"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
