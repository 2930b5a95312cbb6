using System.Net.Http.Json;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>
/// <c>serve -D store.durability=strict</c>, killed with SIGKILL (no shutdown at all) under concurrent writers: after a
/// restart on the same data every write the server acknowledged over HTTP is there with its version (its ETag), and a
/// write in flight at the kill is there or not, never anything else (see <see cref="CrashLedger"/>).
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class StrictDurabilityTests
{
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 400;
    private static readonly string[] Defines = ["store.shards=4", "store.durability=strict"];

    [Fact]
    public async Task Writes_acknowledged_in_strict_mode_survive_SIGKILL_with_their_versions()
    {
        var dataDirectory = TempDirectory.Create("strict");
        try
        {
            var ledger = new CrashLedger();
            await using (var serve = await ServeProcess.StartAsync(Defines, dataDirectory))
            {
                await AssertStrictAsync(serve);
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var running = Enumerable.Range(0, Writers).Select(id => Task.Run(async () =>
                {
                    var writer = new LedgerHttpWriter(id, serve.Client, ledger);
                    try
                    {
                        while (true)
                        {
                            await writer.WriteOnceAsync();
                            if (ledger.AcknowledgedWrites >= AcknowledgedBeforeKill)
                            {
                                enough.TrySetResult();
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The server is gone: this writer's last write is in flight in the ledger, landed or not.
                    }
                })).ToArray();

                // A writer that fails before the kill ends the test with its error.
                await Task.WhenAny(enough.Task, Task.WhenAll(running)).WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(enough.Task.IsCompleted, $"the writers stopped before the kill: {Task.WhenAll(running).Exception}");
                serve.Signal(9);
                Assert.NotEqual(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));
            }

            await using var restarted = await ServeProcess.StartAsync(Defines, dataDirectory);
            await AssertStrictAsync(restarted);
            var observed = new Dictionary<string, ObservedEntry?>(StringComparer.Ordinal);
            foreach (var key in ledger.Keys)
            {
                observed[key] = await LedgerHttpWriter.ReadAsync(restarted.Client, key);
            }

            ledger.Settle(observed);
            Assert.True(ledger.AcknowledgedWrites >= AcknowledgedBeforeKill);
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

    private static async Task AssertStrictAsync(ServeProcess serve)
    {
        var stats = await serve.Client.GetFromJsonAsync<JsonElement>("/v1/stats");
        Assert.Equal("strict", stats.GetProperty("durability").GetString());
        Assert.Contains(serve.Lines, line => line.StartsWith("ready: ", StringComparison.Ordinal) && line.Contains("durability strict", StringComparison.Ordinal));
    }
}
