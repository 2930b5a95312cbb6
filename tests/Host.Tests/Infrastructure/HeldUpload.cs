using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// A PUT whose body is still being uploaded, over a raw socket, so that a test knows for certain the request is inside
/// the server: it is sent with <c>Expect: 100-continue</c>, and Kestrel answers <c>100 Continue</c> only when the
/// endpoint starts reading the body. The body then trickles in (fast enough for Kestrel's minimum data rate) until
/// <see cref="FinishAsync"/> sends the rest and reads the final answer. While it is held, the request is in flight:
/// a graceful shutdown must wait for it and answer it.
/// </summary>
internal sealed class HeldUpload : IAsyncDisposable
{
    private const int TrickleBytes = 256;
    private static readonly TimeSpan TrickleEvery = TimeSpan.FromMilliseconds(100);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _body;
    private readonly CancellationTokenSource _release = new();
    private int _sent;
    private Task? _trickle;

    private HeldUpload(TcpClient tcp, byte[] body)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _body = body;
    }

    /// <summary>Sends the request's head and waits for <c>100 Continue</c>: from then on the request is in the endpoint.</summary>
    public static async Task<HeldUpload> StartAsync(Uri server, string key, byte[] body)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(server.Host, server.Port);
            var upload = new HeldUpload(tcp, body);
            var head = string.Create(CultureInfo.InvariantCulture,
                $"PUT /v1/kv/{key} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n");
            await upload._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var interim = await upload.ReadHeadAsync();
            Assert.True(interim.StartsWith("HTTP/1.1 100 ", StringComparison.Ordinal), $"expected 100 Continue, got: {interim}");
            upload._trickle = upload.TrickleAsync();
            return upload;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends the rest of the body and returns the final answer's status, headers and body.</summary>
    public async Task<(int Status, string Head, string Body)> FinishAsync()
    {
        await _release.CancelAsync();
        await _trickle!;
        string head;
        try
        {
            await _stream.WriteAsync(_body.AsMemory(_sent));
            head = await ReadHeadAsync();
        }
        catch (IOException dropped)
        {
            throw new IOException($"The server dropped an upload it had accepted (it had answered 100 Continue): {dropped.Message}", dropped);
        }

        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        var length = head.Split("\r\n").Select(line => line.Split(": ", 2)).FirstOrDefault(h => h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) is [_, var value]
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : 0;
        var body = new byte[length];
        await _stream.ReadExactlyAsync(body);
        return (status, head, Encoding.UTF8.GetString(body));
    }

    public ValueTask DisposeAsync()
    {
        _release.Cancel();
        _tcp.Dispose();
        _release.Dispose();
        return ValueTask.CompletedTask;
    }

    // Keeps the body coming at ~2.5 KB/s (Kestrel aborts a body slower than 240 B/s after 5 s), leaving most of it
    // for FinishAsync.
    private async Task TrickleAsync()
    {
        try
        {
            while (_sent + TrickleBytes < _body.Length / 2)
            {
                await Task.Delay(TrickleEvery, _release.Token);

                // Not cancellable: a write cut short would leave the body's position unknown.
                await _stream.WriteAsync(_body.AsMemory(_sent, TrickleBytes));
                _sent += TrickleBytes;
            }
        }
        catch (OperationCanceledException)
        {
            // Released: FinishAsync sends the rest.
        }
    }

    // Reads a response head (status line and headers) byte by byte, so that nothing after it is consumed.
    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                throw new IOException($"The server closed the connection without answering the upload (read so far: \"{head}\").");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
