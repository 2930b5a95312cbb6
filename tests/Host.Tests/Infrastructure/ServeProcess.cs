using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// A real <c>serve</c>: <c>dotnet actors-host.dll serve --urls http://127.0.0.1:0</c> as a child process on a fresh
/// (or given) data directory. The port is the one the server reports on its "listening on" line, so there is no race
/// for a free port. Stops it with SIGTERM like an operator would, or kills it on dispose.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly bool _ownsDirectory;
    private volatile bool _pumpDone;
    private Task? _pump;

    private ServeProcess(Process process, string dataDirectory, bool ownsDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public int Pid => _process.Id;

    /// <summary>The host's build output: the test project references it, so it is built alongside.</summary>
    public static string HostDll
    {
        get
        {
            var beside = Path.Combine(
                AppContext.BaseDirectory.Replace("/tests/Host.Tests/bin/", "/src/Host/bin/", StringComparison.Ordinal),
                "actors-host.dll");
            Assert.True(File.Exists(beside), $"the host was not built at {beside}");
            return beside;
        }
    }

    /// <summary>Runs the host with <paramref name="arguments"/> to completion (for commands that exit by themselves).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunToExitAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts the host with <paramref name="arguments"/> (a command that runs until done or interrupted, such as
    /// <c>cluster probe</c>) with its output redirected; the caller reads it, may <see cref="Signal(Process, int)"/> it,
    /// and disposes of it.
    /// </summary>
    public static Process StartCommand(IEnumerable<string> arguments) => Process.Start(StartInfo(arguments, null))!;

    /// <summary>Sends a signal (SIGINT 2 as Ctrl-C would, SIGTERM 15, SIGKILL 9) to a process started by <see cref="StartCommand"/>.</summary>
    public static void Signal(Process process, int signal) => Assert.Equal(0, Kill(process.Id, signal));

    /// <summary>Starts <c>serve</c> and waits until it listens (and, unless told otherwise, until it is ready).</summary>
    public static async Task<ServeProcess> StartAsync(
        IEnumerable<string>? defines = null,
        string? dataDirectory = null,
        IDictionary<string, string>? environment = null,
        bool waitForReady = true,
        string urls = "http://127.0.0.1:0")
    {
        var owns = dataDirectory is null;
        dataDirectory ??= TempDirectory.Create("serve");
        var arguments = new List<string> { "serve", "--urls", urls, "-D", $"store.data-dir={dataDirectory}" };
        foreach (var define in defines ?? [])
        {
            arguments.Add("-D");
            arguments.Add(define);
        }

        var process = Process.Start(StartInfo(arguments, environment))!;
        var serve = new ServeProcess(process, dataDirectory, owns);
        serve.Pump();
        try
        {
            var listening = await serve.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            // A server listening on every interface (0.0.0.0) is reached through loopback.
            serve.BaseAddress = new UriBuilder(listening["listening on ".Length..].Split(' ')[0]) is { Host: "0.0.0.0" or "[::]" } any
                ? new UriBuilder(any.Uri) { Host = "127.0.0.1" }.Uri
                : new Uri(listening["listening on ".Length..].Split(' ')[0]);
            serve.Client = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            if (waitForReady)
            {
                await serve.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }

        return serve;
    }

    /// <summary>Polls /health/ready until it answers 200, within <paramref name="bound"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"serve exited with {(_process.HasExited ? _process.ExitCode : 0)} before it was ready: {Errors}");
            using (var response = await Client.GetAsync("/health/ready"))
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            Assert.True(deadline.Elapsed < bound, $"serve was not ready within {bound}: {Errors}");
            await Task.Delay(50);
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            var left = timeout - deadline.Elapsed;
            Assert.True(left > TimeSpan.Zero && !(_process.HasExited && _lineArrived.CurrentCount == 0 && _pumpDone),
                $"serve never printed the expected line. stdout: {string.Join(" | ", _lines)}; stderr: {Errors}");
            await _lineArrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Polls stderr (the log) until a line satisfies <paramref name="predicate"/>, within <paramref name="timeout"/>; returns it.</summary>
    public async Task<string> WaitForErrorLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (Errors.Split('\n').FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            Assert.True(deadline.Elapsed < timeout, $"serve never logged the expected line within {timeout}. stderr: {Errors}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM, as an operator or orchestrator would, and waits for the exit code.</summary>
    /// <summary>Sends a signal (SIGKILL 9, SIGSTOP 19, SIGCONT 18) without waiting for anything.</summary>
    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>Waits for the process to exit (after a kill) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits for the process to exit after a signal sent with <see cref="Signal(int)"/>, and for everything it printed to be
    /// in <see cref="Lines"/>; returns the exit code.
    /// </summary>
    public async Task<int> WaitForExitAndOutputAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await _pump!.WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.Equal(0, Kill(_process.Id, Sigterm));
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await _pump!.WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownsDirectory)
        {
            TempDirectory.Delete(DataDirectory);
        }
    }

    private void Pump()
    {
        _pump = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
                _lineArrived.Release();
            }

            _pumpDone = true;
            _lineArrived.Release();
        });
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_errors)
                {
                    _errors.AppendLine(line);
                }
            }
        });
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet", [HostDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The child must not inherit a token or overrides from the test runner's environment.
        info.Environment.Remove("ACTORS_HOST_TOKEN");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("host__", StringComparison.Ordinal) || k.StartsWith("store__", StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
