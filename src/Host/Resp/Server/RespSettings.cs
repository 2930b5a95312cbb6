using Actors.Configuration;
using Actors.Host.Hosting;
using Actors.Host.Resp.Protocol;
using Microsoft.Extensions.Configuration;

namespace Actors.Host.Resp.Server;

/// <summary>The Redis-protocol front end's settings (<c>store.resp</c>; see <c>hocon/reference.conf</c>).</summary>
public sealed record RespSettings
{
    /// <summary><c>port</c> = <c>auto</c>: listen on a free port (printed on the "resp listening on" line).</summary>
    public const int AutoPort = -1;

    /// <summary><c>port</c>: 0 is off, <see cref="AutoPort"/> picks a free one.</summary>
    public int Port { get; init; }

    /// <summary><c>bind</c>: the address to listen on.</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>The parser's bounds (<c>max-bulk-bytes</c>, <c>max-arguments</c>, <c>max-command-bytes</c>, <c>max-inline-bytes</c>).</summary>
    public RespLimits Limits { get; init; } = new();

    /// <summary><c>max-connections</c>: connections beyond it are answered with an error and closed.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary><c>max-pipelined-commands</c>: commands of one connection in flight at once before replies are written.</summary>
    public int MaxPipelinedCommands { get; init; } = 1024;

    /// <summary><c>scan-cursors</c>: how many SCAN cursors the server remembers (the oldest are forgotten first).</summary>
    public int ScanCursors { get; init; } = 10_000;

    /// <summary><c>flushdb-enabled</c>: whether FLUSHDB may delete every key.</summary>
    public bool FlushDbEnabled { get; init; }

    /// <summary><c>max-transaction-attempts</c>: how often EXEC and read-modify-write commands retry when their keys change under them.</summary>
    public int MaxTransactionAttempts { get; init; } = 100;

    /// <summary>The bearer token AUTH must present (the host's, <c>host.auth.bearer-token</c>); empty: no AUTH needed.</summary>
    public string Password { get; init; } = string.Empty;

    public bool Enabled => Port != 0;

    /// <summary>Reads <c>store.resp</c>; a malformed value fails here with a message naming it.</summary>
    public static RespSettings FromConfiguration(IConfiguration configuration, HostSettings host)
    {
        var resp = configuration.GetSection("store:resp");
        var defaults = new RespSettings();
        var port = resp["port"]?.Trim() switch
        {
            null or "" or "off" or "0" => 0,
            "auto" => AutoPort,
            var text when int.TryParse(text, out var number) && number is > 0 and <= 65535 => number,
            var text => throw resp.Invalid("port", text, "off (0), auto, or a port number from 1 to 65535"),
        };
        var settings = new RespSettings
        {
            Port = port,
            Bind = resp.GetString("bind", defaults.Bind),
            Limits = new RespLimits
            {
                MaxBulkBytes = (int)resp.GetBytes("max-bulk-bytes", defaults.Limits.MaxBulkBytes),
                MaxArguments = resp.GetInt32("max-arguments", defaults.Limits.MaxArguments, min: 3, max: 10_000_000),
                MaxCommandBytes = resp.GetBytes("max-command-bytes", defaults.Limits.MaxCommandBytes),
                MaxInlineBytes = (int)resp.GetBytes("max-inline-bytes", defaults.Limits.MaxInlineBytes),
            },
            MaxConnections = resp.GetInt32("max-connections", defaults.MaxConnections, min: 1, max: 1_000_000),
            MaxPipelinedCommands = resp.GetInt32("max-pipelined-commands", defaults.MaxPipelinedCommands, min: 1, max: 1_000_000),
            ScanCursors = resp.GetInt32("scan-cursors", defaults.ScanCursors, min: 1, max: 10_000_000),
            FlushDbEnabled = resp.GetBoolean("flushdb-enabled", defaults.FlushDbEnabled),
            MaxTransactionAttempts = resp.GetInt32("max-transaction-attempts", defaults.MaxTransactionAttempts, min: 1, max: 1_000_000),
            Password = host.BearerToken,
        };

        if (settings.Limits.MaxBulkBytes is < 1024 or > 512 * 1024 * 1024)
        {
            throw resp.Invalid("max-bulk-bytes", resp["max-bulk-bytes"], "a size from 1KiB to 512MiB");
        }

        if (settings.Limits.MaxCommandBytes < settings.Limits.MaxBulkBytes)
        {
            throw resp.Invalid("max-command-bytes", resp["max-command-bytes"], $"a size at least max-bulk-bytes ({settings.Limits.MaxBulkBytes:N0} bytes)");
        }

        if (settings.Limits.MaxInlineBytes is < 64 or > 16 * 1024 * 1024)
        {
            throw resp.Invalid("max-inline-bytes", resp["max-inline-bytes"], "a size from 64B to 16MiB");
        }

        if (settings.Enabled && !ListenAddresses.IsLoopback(new Uri($"tcp://{(settings.Bind.Contains(':') ? $"[{settings.Bind}]" : settings.Bind)}")) && !host.AllowNonLoopback)
        {
            throw resp.Invalid("bind", settings.Bind, "a loopback address (127.0.0.1, ::1, localhost) unless host.allow-non-loopback = on");
        }

        return settings;
    }
}
