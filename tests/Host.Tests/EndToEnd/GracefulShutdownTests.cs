using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>
/// SIGTERM under write load, with uploads known to be inside the server when it arrives. The server stops accepting
/// connections at once — so from then on a readiness probe cannot find it ready — and answers every request it had
/// accepted: the held uploads and every writer's request in flight complete with success, and a request the server
/// did not take (refused at the connection, or sent on a kept-alive connection as the server closed it) was not applied. Then the store flushes and closes and the
/// process exits 0, in that order; after a restart every acknowledged write is there with its version, and nothing else.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class GracefulShutdownTests
{
    private const int Sigterm = 15;
    private const int Writers = 32;
    private const int AcknowledgedBeforeStop = 1000;
    private const int HeldUploads = 4;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task With_a_shutdown_delay_readiness_turns_503_while_requests_are_still_served_then_it_stops_in_order()
    {
        await using var serve = await ServeProcess.StartAsync(["store.shards=4", "store.durability=batched", "host.shutdown-delay=5s"]);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await serve.Client.PutAsync("/v1/kv/before", new StringContent("v"))).StatusCode);
        serve.Signal(Sigterm);
        await serve.WaitForLineAsync(l => l.StartsWith("delaying:", StringComparison.Ordinal), Bound);

        // Within the delay: not ready, yet every request is still served in full.
        using var ready = await serve.Client.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("shutting down", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await serve.Client.PutAsync("/v1/kv/during-the-delay", new StringContent("w"))).StatusCode);
        Assert.Equal("v", await serve.Client.GetStringAsync("/v1/kv/before"));
        Assert.False(serve.Lines.Any(l => l.StartsWith("drained:", StringComparison.Ordinal)), "the server drained before its delay was over");

        Assert.Equal(0, await serve.WaitForExitAndOutputAsync(Bound));
        var lines = serve.Lines;
        Assert.True(
            IndexOf(lines, "delaying:") < IndexOf(lines, "drained:") && IndexOf(lines, "drained:") < IndexOf(lines, "stopped:"),
            $"shutdown steps out of order: {string.Join(" | ", lines)}");
    }

    [Fact]
    public async Task SIGTERM_answers_every_accepted_request_applies_no_other_and_exits_0_in_order_losing_nothing()
    {
        var dataDirectory = TempDirectory.Create("shutdown");
        try
        {
            var ledger = new CrashLedger();
            var failures = new ConcurrentQueue<string>();
            int exit;
            IReadOnlyList<string> lines;
            await using (var serve = await ServeProcess.StartAsync(["store.shards=8", "store.durability=batched"], dataDirectory))
            {
                using var client = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var terminating = false;
                var writers = Enumerable.Range(0, Writers)
                    .Select(id => Task.Run(() => WriteUntilUnansweredAsync(new LedgerHttpWriter(id, client, ledger), ledger, failures, enough, () => Volatile.Read(ref terminating))))
                    .ToArray();
                await Task.WhenAny(enough.Task, Task.WhenAll(writers)).WaitAsync(Bound);
                Assert.True(enough.Task.IsCompleted, $"the writers stopped before SIGTERM: {string.Join(Environment.NewLine, failures)}");

                // Requests inside the endpoint, reading their bodies: certainly in flight when SIGTERM arrives.
                var held = new List<(int Writer, HeldUpload Upload)>();
                try
                {
                    for (var i = 0; i < HeldUploads; i++)
                    {
                        var key = $"held.{i}";
                        var value = string.Concat(Enumerable.Repeat($"{key}|", 64 * 1024 / (key.Length + 1)));
                        ledger.Begin(Writers + i, new LedgerWrite.Set(key, value));
                        held.Add((Writers + i, await HeldUpload.StartAsync(serve.BaseAddress, key, Encoding.UTF8.GetBytes(value))));
                    }

                    Volatile.Write(ref terminating, true);
                    serve.Signal(Sigterm);
                    await serve.WaitForLineAsync(line => line.StartsWith("stopping:", StringComparison.Ordinal), Bound);

                    // The listener closes at once: each writer's request in flight is answered, and it ends on one that is not...
                    await Task.WhenAll(writers).WaitAsync(Bound);

                    // ... and so does a readiness probe, while the drain still runs: the held uploads keep it open.
                    await AssertRefusedAsync(serve.BaseAddress, "/health/ready");
                    Assert.DoesNotContain(serve.Lines, line => line.StartsWith("drained:", StringComparison.Ordinal));

                    foreach (var (writer, upload) in held)
                    {
                        var (status, head, body) = await upload.FinishAsync();
                        Assert.True(status == 201, $"an upload in flight at SIGTERM was answered {status}: {head}{body}");
                        ledger.Acknowledge(writer, new LedgerAnswer(true, VersionOf(head)));
                    }
                }
                finally
                {
                    foreach (var (_, upload) in held)
                    {
                        await upload.DisposeAsync();
                    }
                }

                exit = await serve.WaitForExitAndOutputAsync(Bound);
                lines = serve.Lines;
            }

            Assert.True(failures.IsEmpty, $"requests the server had accepted were not answered with success:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
            Assert.Equal(0, exit);
            var stopping = IndexOf(lines, "stopping:");
            var drained = IndexOf(lines, "drained:");
            var stopped = IndexOf(lines, "stopped:");
            Assert.True(stopping >= 0 && stopping < drained && drained < stopped, $"shutdown steps out of order: {string.Join(" | ", lines)}");
            Assert.Contains("status stopped", lines[stopped]);

            await using var restarted = await ServeProcess.StartAsync(["store.shards=8"], dataDirectory);
            await AssertHoldsExactlyAsync(restarted.Client, ledger);
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

    private static async Task WriteUntilUnansweredAsync(
        LedgerHttpWriter writer, CrashLedger ledger, ConcurrentQueue<string> failures, TaskCompletionSource enough, Func<bool> terminating)
    {
        while (true)
        {
            try
            {
                await writer.WriteOnceAsync();
            }
            catch (HttpRequestException) when (terminating())
            {
                // No answer at all: refused at the connection, or sent on a kept-alive connection just as the server
                // closed it (Kestrel closes idle connections when it stops, without reading what arrives). Either way the
                // server never took the request, so it must not have been applied: the ledger holds it to that after the
                // restart. (A request the server did take is answered: the held uploads show it.)
                ledger.Abandon(writer.Id);
                return;
            }
            catch (Exception broken)
            {
                // An error answer (a 503, a 500), an answer the semantics do not allow, a timeout, or a failure before SIGTERM.
                failures.Enqueue($"writer {writer.Id}: {broken}");
                return;
            }

            if (ledger.AcknowledgedWrites >= AcknowledgedBeforeStop)
            {
                enough.TrySetResult();
            }
        }
    }

    private static async Task AssertRefusedAsync(Uri server, string path)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync(new Uri(server, path)));
        Assert.True(error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }, $"{path} during the drain: {error}");
    }

    // Every key written holds exactly its last acknowledged state, and no other key exists.
    private static async Task AssertHoldsExactlyAsync(HttpClient client, CrashLedger ledger)
    {
        // A graceful stop leaves no write of unknown outcome: each was answered, or refused before it started.
        Assert.Equal(0, ledger.InFlightWrites);
        var observed = new Dictionary<string, ObservedEntry?>(StringComparer.Ordinal);
        foreach (var key in ledger.Keys)
        {
            observed[key] = await LedgerHttpWriter.ReadAsync(client, key);
        }

        ledger.Settle(observed);

        var known = ledger.Keys.ToHashSet(StringComparer.Ordinal);
        using var page = JsonDocument.Parse(await client.GetStringAsync("/v1/kv?limit=10000"));
        var phantoms = page.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString()!).Where(k => !known.Contains(k)).ToArray();
        Assert.True(phantoms.Length == 0, $"keys nobody wrote: {string.Join(", ", phantoms)}");
    }

    private static long VersionOf(string head) =>
        head.Split("\r\n").Select(line => line.Split(": ", 2)).First(h => h[0].Equals("ETag", StringComparison.OrdinalIgnoreCase)) is [_, var tag]
            ? long.Parse(tag.Trim('"'), CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"no ETag in {head}");

    private static int IndexOf(IReadOnlyList<string> lines, string prefix)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
