using StackExchange.Redis;

namespace Actors.Bench.Peers;

/// <summary>How the driver connects to a peer: plain RESP2, generous timeouts (durable modes are slow), no admin commands.</summary>
internal static class Connections
{
    public static Task<ConnectionMultiplexer> ConnectAsync(string endpoint) => ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
    {
        EndPoints = { endpoint },
        AbortOnConnectFail = true,
        ConnectTimeout = 30_000,
        SyncTimeout = 30_000,
        AsyncTimeout = 30_000,
        AllowAdmin = false,
    });
}
