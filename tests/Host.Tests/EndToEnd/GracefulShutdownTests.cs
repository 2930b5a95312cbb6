using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>
/// SIGTERM under write load: the server stops accepting, finishes in-flight requests, flushes the journal and exits 0;
/// after a restart every write it acknowledged is there.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task SIGTERM_under_load_exits_0_in_order_and_loses_no_acknowledged_write()
    {
        var dataDirectory = TempDirectory.Create("shutdown");
        try
        {
            var acknowledged = new ConcurrentDictionary<string, string>();
            int exit;
            IReadOnlyList<string> lines;
            await using (var serve = await ServeProcess.StartAsync(["store.shards=8", "store.durability=batched"], dataDirectory))
            {
                using var client = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 32).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var key = $"w{w}:{i}";
                        var value = $"value {w}/{i}";
                        try
                        {
                            var response = await client.PutAsync($"/v1/kv/{key}", new StringContent(value));
                            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                            {
                                acknowledged[key] = value;
                            }
                            else
                            {
                                // Refused while stopping: 503 is the only other acceptable answer.
                                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                                return;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (acknowledged.Count < 1000)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} writes acknowledged in 60 s");
                    await Task.Delay(20);
                }

                exit = await serve.TerminateAsync(TimeSpan.FromSeconds(60));
                await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
                lines = serve.Lines;
            }

            Assert.Equal(0, exit);
            var stopping = IndexOf(lines, "stopping:");
            var drained = IndexOf(lines, "drained:");
            var stopped = IndexOf(lines, "stopped:");
            Assert.True(stopping >= 0 && stopping < drained && drained < stopped, $"shutdown steps out of order: {string.Join(" | ", lines)}");
            Assert.Contains("status stopped", lines[stopped]);

            await using var restarted = await ServeProcess.StartAsync(["store.shards=8"], dataDirectory);
            var stored = new Dictionary<string, string>();
            string? cursor = null;
            do
            {
                var page = JsonDocument.Parse(await restarted.Client.GetStringAsync($"/v1/kv?limit=10000&values=true{(cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))}")).RootElement;
                foreach (var entry in page.GetProperty("entries").EnumerateArray())
                {
                    stored[entry.GetProperty("key").GetString()!] = entry.GetProperty("value").GetString()!;
                }

                cursor = page.GetProperty("cursor").GetString();
            }
            while (cursor is not null);

            var missing = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var value) || value != a.Value).Select(a => a.Key).ToArray();
            Assert.True(missing.Length == 0, $"{missing.Length} of {acknowledged.Count} acknowledged writes are missing after restart, e.g. {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

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
