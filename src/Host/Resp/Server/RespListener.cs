using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Actors.Host.Hosting;

namespace Actors.Host.Resp.Server;

/// <summary>
/// Listens for Redis-protocol clients on <c>store.resp.bind</c>:<c>store.resp.port</c> and runs a
/// <see cref="RespConnection"/> per client. Registered after the store, so it stops first: it stops accepting,
/// lets each connection finish the commands it has read, and closes them before the store flushes and closes.
/// </summary>
internal sealed class RespListener(RespServices server, LifecycleLog log, ILogger<RespListener> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _socket;
    private Task? _accepting;
    private long _nextId;

    /// <summary>Where it listens (the port chosen when <c>port = auto</c>).</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = server.Settings;
        var address = settings.Bind is "localhost" ? IPAddress.Loopback : IPAddress.Parse(settings.Bind);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, settings.Port == RespSettings.AutoPort ? 0 : settings.Port));
            socket.Listen(512);
        }
        catch (SocketException bind)
        {
            socket.Dispose();
            throw new IOException($"cannot listen for RESP on {settings.Bind}:{settings.Port} (store.resp): {bind.Message}", bind);
        }

        _socket = socket;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
        server.ListeningPort = Endpoint.Port;
        log.Write($"resp listening on {Endpoint}");
        _accepting = AcceptAsync(socket, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Count} RESP connections were still busy when the shutdown timeout passed", _connections.Count);
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                logger.LogWarning(exception, "Accepting a RESP connection failed; still listening");
                continue;
            }

            client.NoDelay = true;
            if (!server.Stats.TryConnect(server.Settings.MaxConnections))
            {
                Refuse(client);
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            var session = new RespSession(authenticated: server.Settings.Password.Length == 0, id);
            var connection = new RespConnection(client, server, session, logger);
            var running = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(stopping).ConfigureAwait(false);
                }
                finally
                {
                    server.Stats.Disconnected();
                }
            }, CancellationToken.None);

            // Forgotten when done; registered after it is tracked, so even a connection that ends at once is removed.
            _connections[id] = running;
            _ = running.ContinueWith(_ => _connections.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static void Refuse(Socket client)
    {
        try
        {
            client.Send("-ERR max number of clients reached (store.resp.max-connections)\r\n"u8);
        }
        catch (SocketException)
        {
            // It is being closed anyway.
        }
        finally
        {
            client.Dispose();
        }
    }
}
