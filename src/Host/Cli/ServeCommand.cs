using System.CommandLine;
using Actors.Host.Hosting;
using Actors.Host.Resp.Server;
using Actors.Store;
using Actors.Store.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Actors.Host.Cli;

/// <summary>
/// <c>serve [--urls …]</c>: the store over HTTP until SIGTERM or Ctrl-C, then a graceful shutdown — stop accepting,
/// finish in-flight requests, flush the journal — and exit 0. Exit 1 if the configuration is bad or the store cannot
/// start (e.g. its data was written with another shard count).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';'; port 0 picks a free port). " +
                "Default: host.urls = http://127.0.0.1:5080. Non-loopback addresses need -D host.allow-non-loopback=on.",
        };
        var respPort = new Option<string?>("--resp-port")
        {
            Description = "Also serve the Redis protocol (RESP2/RESP3) on this port: a number, auto (a free port) or off. " +
                "Default: store.resp.port = off. It binds store.resp.bind (127.0.0.1); AUTH takes the bearer token when one is set.",
        };
        var command = new Command(
            "serve",
            "Serve the store over HTTP: the /v1 API, /health/live, /health/ready, /metrics and the dashboard at /. " +
            "Data: SQLite under store.data-dir (default ./data). Stops gracefully on SIGTERM or Ctrl-C.")
        {
            urls,
            respPort,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(urls), parse.GetValue(respPort), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? urls, string? respPort, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = CommonOptions.LoadConfiguration(parse);
        var settings = HostSettings.FromConfiguration(configuration);
        if (urls is not null)
        {
            settings = settings with { Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
            ListenAddresses.Validate(settings.Urls, settings.AllowNonLoopback);
        }

        // Read every section now, so that a bad value fails before anything listens.
        _ = StoreSettings.FromConfiguration(configuration);
        _ = ActorSystemSettings.FromConfiguration(configuration);
        var resp = RespSettings.FromConfiguration(
            respPort is null ? configuration : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection([new("store:resp:port", respPort)]).Build(),
            settings);

        await using var app = ServeApplication.Configure(ServeApplication.CreateBuilder(configuration, settings, output, resp).Build());
        var log = app.Services.GetRequiredService<LifecycleLog>();
        if (settings.Urls.Any(u => !ListenAddresses.IsLoopback(new Uri(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)))) && !settings.AuthenticationEnabled)
        {
            await error.WriteLineAsync("warning: listening beyond loopback without a bearer token (host.auth.bearer-token or ACTORS_HOST_TOKEN): anyone who can reach it can read and write the store.").ConfigureAwait(false);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException bind)
        {
            // Kestrel could not bind (the port is taken, the address is not this machine's): one line, exit 1.
            await error.WriteLineAsync($"error: cannot listen on {string.Join(", ", settings.Urls)}: {bind.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        log.Write($"listening on {string.Join(" ", addresses)}");

        var store = app.Services.GetRequiredService<IManagedStateStore>();
        try
        {
            await store.WhenReady.WaitAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
            log.Write($"ready: {store.Settings.Shards} shards recovered, durability {store.Settings.DurabilityName}, data at {store.Location}");
        }
        catch (OperationCanceledException)
        {
            // Stopped before recovery finished: shut down as usual.
        }
        catch (Exception exception)
        {
            await error.WriteLineAsync($"error: the store cannot start: {exception.Message}").ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
