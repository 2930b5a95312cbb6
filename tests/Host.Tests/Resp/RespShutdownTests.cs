using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Resp;

/// <summary>SIGTERM with RESP commands in flight: the listener stops before the store, so every acknowledged write is kept.</summary>
public sealed class RespShutdownTests
{
    [Fact]
    public async Task Writes_acknowledged_while_shutting_down_survive_the_restart()
    {
        var directory = TempDirectory.Create("resp-shutdown");
        try
        {
            var acknowledged = new List<string>();
            await using (var serve = await ServeProcess.StartAsync(["store.resp.port=auto"], dataDirectory: directory))
            {
                await using var client = await RawRespClient.ConnectAsync(await EndpointAsync(serve));
                var frames = Enumerable.Range(0, 2000).SelectMany(i => RawRespClient.Frame("SET", $"shutdown:{i}", "v")).ToArray();
                await client.SendAsync(frames);
                serve.Signal(15);
                for (var i = 0; i < 2000; i++)
                {
                    string reply;
                    try
                    {
                        reply = await client.ReadAsync();
                    }
                    catch (EndOfStreamException)
                    {
                        // Closed after the commands it had read: the rest were never taken.
                        break;
                    }

                    Assert.True(reply is "+OK" || reply.StartsWith("-TRYAGAIN", StringComparison.Ordinal), $"unexpected reply {reply}");
                    if (reply == "+OK")
                    {
                        acknowledged.Add($"shutdown:{i}");
                    }
                }

                Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            }

            await using var restarted = await ServeProcess.StartAsync(["store.resp.port=auto"], dataDirectory: directory);
            await using var reader = await RawRespClient.ConnectAsync(await EndpointAsync(restarted));
            foreach (var key in acknowledged)
            {
                Assert.Equal("v", await reader.CallAsync("GET", key));
            }
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }

    private static async Task<System.Net.IPEndPoint> EndpointAsync(ServeProcess serve)
    {
        var line = await serve.WaitForLineAsync(l => l.StartsWith("resp listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return System.Net.IPEndPoint.Parse(line["resp listening on ".Length..]);
    }
}
