using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// A bare TCP client for protocol-level tests: sends exactly the bytes given and reads replies as RESP values
/// rendered to text (<c>+OK</c>, <c>:1</c>, <c>$-1</c>, arrays as <c>[a, b]</c>), so that a test sees what went over
/// the wire, including what a client library would hide.
/// </summary>
public sealed class RawRespClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawRespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawRespClient> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endpoint);
        return new RawRespClient(tcp);
    }

    /// <summary>Encodes <paramref name="arguments"/> as one RESP array of bulk strings.</summary>
    public static byte[] Frame(params string[] arguments)
    {
        var text = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendAsync(string raw) => SendAsync(Encoding.Latin1.GetBytes(raw));

    /// <summary>Sends one command and reads its reply.</summary>
    public async Task<string> CallAsync(params string[] arguments)
    {
        await SendAsync(Frame(arguments));
        return await ReadAsync();
    }

    /// <summary>Reads one reply, within 10 s.</summary>
    public async Task<string> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await ReadValueAsync(timeout.Token);
    }

    /// <summary>Whether the server closed the connection (a read returns end of stream), within 10 s.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (_start < _end || await FillAsync(timeout.Token))
            {
                _start = _end;
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<string> ReadValueAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        switch (line[0])
        {
            case '$' when line == "$-1":
                return "$-1";
            case '$':
            {
                var length = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                var bytes = await ReadExactlyAsync(length + 2, cancellationToken);
                return Encoding.UTF8.GetString(bytes, 0, length);
            }

            case '*' when line == "*-1":
                return "*-1";
            case '*' or '%':
            {
                var count = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture) * (line[0] == '%' ? 2 : 1);
                var items = new List<string>();
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadValueAsync(cancellationToken));
                }

                return $"[{string.Join(", ", items)}]";
            }

            default:
                return line;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (at > _start && _buffer[at - 1] == (byte)'\r')
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, at - 1 - _start);
                _start = at + 1;
                return line;
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            (_start, copied) = (_start + take, copied + take);
        }

        return result;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
