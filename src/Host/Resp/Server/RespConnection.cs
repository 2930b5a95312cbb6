using System.IO.Pipelines;
using System.Net.Sockets;
using Actors.Host.Resp.Commands;
using Actors.Host.Resp.Protocol;
using Actors.Host.Resp.Transactions;

namespace Actors.Host.Resp.Server;

/// <summary>
/// One client connection. Each read may hold many commands (a pipeline): every complete one is parsed and started,
/// and their replies are written in order once the read's commands are done, then flushed together. Commands that
/// are one store call are started without waiting for the previous ones (they reach their shard in order, so a
/// client still sees its own writes); any other command first waits for everything before it. A malformed frame is
/// answered with its error and ends this connection only; nothing a client sends can throw out of
/// <see cref="RunAsync"/>.
/// </summary>
internal sealed class RespConnection(Socket socket, RespServices server, RespSession session, ILogger logger)
{
    // Past this many unflushed reply bytes, replies go out before the rest of the read is processed.
    private const int FlushThreshold = 256 * 1024;

    private readonly Queue<ValueTask<RespReply>> _pending = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            await ServeAsync(reader, writer, stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "RESP connection {Id} failed; it is closed, other connections go on", session.Id);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(PipeReader reader, PipeWriter writer, CancellationToken stopping)
    {
        var limits = server.Settings.Limits;
        while (!session.Closing)
        {
            var read = await reader.ReadAsync(stopping).ConfigureAwait(false);
            var buffer = read.Buffer;
            string? malformed = null;
            while (!session.Closing)
            {
                var status = RespParser.TryParse(ref buffer, limits, out var request, out var error);
                if (status == RespParseStatus.Incomplete)
                {
                    break;
                }

                if (status == RespParseStatus.Malformed)
                {
                    malformed = error;
                    break;
                }

                server.Stats.Command();
                await ExecuteAsync(request!, writer).ConfigureAwait(false);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            await DrainAsync(writer).ConfigureAwait(false);
            if (malformed is not null)
            {
                server.Stats.ProtocolError();
                RespReplyWriter.Write(writer, RespReply.Error($"ERR {malformed}"), session.Protocol);
                await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }

            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    private async ValueTask ExecuteAsync(RespRequest request, PipeWriter writer)
    {
        var immediate = Prepare(request, out var handler, out var pipelined);
        if (immediate is { } reply)
        {
            _pending.Enqueue(new ValueTask<RespReply>(reply));
        }
        else if (pipelined)
        {
            _pending.Enqueue(Start(handler!, request));
        }
        else
        {
            // Waits for every earlier command: this one reads before it writes, or changes the connection's state.
            await DrainAsync(writer).ConfigureAwait(false);
            Write(writer, await SettleAsync(Start(handler!, request)).ConfigureAwait(false));
        }

        if (_pending.Count >= server.Settings.MaxPipelinedCommands || (writer.CanGetUnflushedBytes && writer.UnflushedBytes > FlushThreshold))
        {
            await DrainAsync(writer).ConfigureAwait(false);
            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Checks a request against the table, authentication and MULTI; an immediate reply, or the handler that answers it.</summary>
    private RespReply? Prepare(RespRequest request, out RespHandler? handler, out bool pipelined)
    {
        handler = null;
        pipelined = false;
        var command = server.Commands.Find(request[0]);
        RespReply? refusal = command is null ? RespErrors.UnknownCommand(request)
            : !command.ArityMatches(request.Count) ? RespErrors.WrongArity(command.Name)
            : !session.Authenticated && !command.AllowedBeforeAuth ? RespErrors.NoAuth
            : null;
        if (refusal is not null)
        {
            // Inside MULTI a command that cannot be queued dooms the transaction, as in Redis.
            session.TransactionFailed |= session.Transaction is not null;
            return refusal;
        }

        if (session.Transaction is not null && !command!.ControlsTransaction)
        {
            return TransactionCommands.Queue(server, session, command, request);
        }

        if (command!.Direct is { } direct && (command.DirectWhen?.Invoke(request) ?? true))
        {
            (handler, pipelined) = (direct, true);
        }
        else if (command.Apply is not null)
        {
            handler = (s, _, r) => TransactionRunner.RunOneAsync(s, command, r, CancellationToken.None);
        }
        else
        {
            handler = command.Control;
        }

        return null;
    }

    private ValueTask<RespReply> Start(RespHandler handler, RespRequest request)
    {
        try
        {
            return handler(server, session, request);
        }
        catch (Exception exception)
        {
            return new ValueTask<RespReply>(Failed(exception));
        }
    }

    private async ValueTask<RespReply> SettleAsync(ValueTask<RespReply> reply)
    {
        try
        {
            return await reply.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return Failed(exception);
        }
    }

    private RespReply Failed(Exception exception)
    {
        if (!RespErrors.IsExpected(exception))
        {
            logger.LogError(exception, "A RESP command failed unexpectedly on connection {Id}", session.Id);
        }

        return RespErrors.From(exception);
    }

    private async ValueTask DrainAsync(PipeWriter writer)
    {
        while (_pending.TryDequeue(out var reply))
        {
            Write(writer, await SettleAsync(reply).ConfigureAwait(false));
        }
    }

    private void Write(PipeWriter writer, RespReply reply) => RespReplyWriter.Write(writer, reply, session.Protocol);
}
