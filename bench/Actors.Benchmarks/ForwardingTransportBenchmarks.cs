using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Actors.Benchmarks;

/// <summary>
/// The cluster's forwarding hop, transport alone (issue 7: "persistent HTTP/2 connections or a compact binary protocol —
/// measure and choose"): a small binary POST to <c>/internal/v1/shards/{shard}</c> answered with a small binary body, as
/// <c>HttpShardTransport</c> sends them, over HTTP/1.1 keep-alive (a pool of connections) and over HTTP/2 cleartext
/// (h2c, prior knowledge: streams multiplexed on one connection, or several with <c>EnableMultipleHttp2Connections</c>).
/// Kestrel and the client share the process and the 2 cores, as two hosts of a cluster share a machine here.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ForwardingTransportBenchmarks
{
    private const int Concurrent = 32;
    private static readonly byte[] Request = new byte[40];
    private static readonly byte[] Reply = new byte[48];

    private WebApplication _server = null!;
    private HttpClient _client = null!;
    private Uri _endpoint = null!;
    private Version _version = HttpVersion.Version11;

    [Params("HTTP/1.1", "HTTP/2")]
    public string Protocol { get; set; } = "HTTP/1.1";

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var http2 = Protocol == "HTTP/2";
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        _server = builder.Build();
        _server.MapPost("/internal/v1/shards/{shard:int}", async (int shard, HttpContext context) =>
        {
            var buffer = new byte[64];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            context.Response.ContentType = "application/x-actors-shard";
            await context.Response.Body.WriteAsync(Reply);
        });
        _server.StartAsync().GetAwaiter().GetResult();
        var address = _server.Urls.Single();
        _endpoint = new Uri(address.TrimEnd('/') + "/internal/v1/shards/3");
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 64,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
        });
        _version = http2 ? HttpVersion.Version20 : HttpVersion.Version11;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = 200, Description = "forwarded round trip, one at a time")]
    public async Task Sequential()
    {
        for (var i = 0; i < 200; i++)
        {
            await SendAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Concurrent * 20, Description = "forwarded round trips, 32 in flight")]
    public async Task InFlight32()
    {
        var tasks = new Task[Concurrent];
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < Concurrent; i++)
            {
                tasks[i] = SendAsync();
            }

            await Task.WhenAll(tasks);
        }
    }

    private async Task SendAsync()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            // Set on the message: HttpClient's default version applies only to the messages it creates itself.
            Version = _version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(Request) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-actors-shard") } },
        };
        message.Headers.Add("X-Shard-Epoch", "7");
        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} over HTTP/{response.Version}: {await response.Content.ReadAsStringAsync()}");
        }

        _ = await response.Content.ReadAsByteArrayAsync();
    }
}
