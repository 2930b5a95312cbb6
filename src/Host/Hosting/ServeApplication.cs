using System.Security.Cryptography;
using System.Text;
using Actors.Host.Cluster;
using Actors.Host.Dashboard;
using Actors.Host.Http;
using Actors.Host.Http.Problems;
using Actors.Host.Metrics;
using Actors.Host.Resp.Server;
using Actors.Host.Security;
using Actors.Host.Telemetry;
using Actors.Store;
using Actors.Store.Cluster;
using Actors.Store.Configuration;
using Actors.Store.Routing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Actors.Host.Hosting;

/// <summary>
/// The <c>serve</c> application: the store (registered first, so it stops last), the HTTP API, health, metrics and
/// dashboard. <see cref="CreateBuilder"/> and <see cref="Configure"/> are separate so that tests can put a test
/// server in between.
/// </summary>
public static class ServeApplication
{
    /// <summary>Registers everything <c>serve</c> runs; <paramref name="lifecycle"/> receives its life's steps.</summary>
    public static WebApplicationBuilder CreateBuilder(IConfiguration configuration, HostSettings settings, TextWriter lifecycle, RespSettings? resp = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "actors-host", Args = [] });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var services = builder.Services;
        var log = new LifecycleLog(lifecycle);
        services.AddSingleton(log);
        services.AddSingleton(Options.Create(settings));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownDelay + settings.ShutdownTimeout);
        services.AddSingleton<IHostedService>(_ => new ShutdownDelay(settings.ShutdownDelay, log));

        // OpenTelemetry first: its hosted service starts the meter provider before the actor system exists.
        services.AddHostTelemetry(builder.Configuration, settings);
        services.AddSingleton<HostMetrics>();

        // Hosted services stop in reverse order: web server, then "requests finished", then the store, then "store closed".
        // (Registered as plain IHostedService: AddHostedService would keep only the first of two of the same type.)
        services.AddSingleton<IHostedService>(sp => new ShutdownStepReporter(log, () =>
            $"stopped: the store flushed its journal and closed (status {sp.GetRequiredService<IManagedStateStore>().Status.ToString().ToLowerInvariant()})"));
        services.AddActorStore(configuration);
        var cluster = ClusterSettings.FromConfiguration(configuration);
        if (cluster.Enabled)
        {
            // Requests for shards other nodes own are forwarded to them over HTTP, with this host's token.
            services.AddSingleton<IShardTransport>(sp => new HttpShardTransport(
                sp.GetRequiredService<StoreSettings>().RequestTimeout, settings.BearerToken));
        }

        services.AddSingleton<IHostedService>(_ => new ShutdownStepReporter(log, () => "drained: every in-flight HTTP request has finished; stopping the store"));
        services.AddSingleton<IStateStore>(sp => new InstrumentedStateStore(sp.GetRequiredService<IManagedStateStore>(), sp.GetRequiredService<HostMetrics>()));

        // The Redis-protocol listener, registered after the store so that it stops (and its connections finish) first.
        resp ??= RespSettings.FromConfiguration(configuration, settings);
        if (resp.Enabled)
        {
            services.AddSingleton(sp => new RespServices(
                sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IManagedStateStore>(), sp.GetRequiredService<StoreSettings>(), resp, TimeProvider.System));
            services.AddSingleton<RespListener>(sp => new RespListener(sp.GetRequiredService<RespServices>(), log, sp.GetRequiredService<ILogger<RespListener>>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RespListener>());
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<StoreExceptionHandler>();
        HealthEndpoints.AddHealth(services);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReportLocator>();
        services.AddSingleton<DashboardSnapshotBuilder>();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
        });
        builder.WebHost.UseUrls([.. settings.Urls]);
        return builder;
    }

    /// <summary>The request pipeline and the endpoints.</summary>
    public static WebApplication Configure(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<HostSettings>>().Value;
        var log = app.Services.GetRequiredService<LifecycleLog>();
        app.Lifetime.ApplicationStopping.Register(() => log.Write("stopping: refusing new connections, finishing in-flight requests"));

        app.UseRouting();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Handled exceptions are answers (404, 412, 429...), not errors: the handler logs the unexpected ones.
            SuppressDiagnosticsCallback = context => context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService,
        });
        app.UseStatusCodePages();
        if (settings.AuthenticationEnabled)
        {
            app.UseMiddleware<BearerTokenMiddleware>(SHA256.HashData(Encoding.UTF8.GetBytes(settings.BearerToken)));
        }

        KvEndpoints.Map(app);
        ClusterEndpoint.Map(app);
        if (app.Services.GetService<ClusterSettings>() is { Enabled: true } cluster)
        {
            ShardForwardingEndpoint.Map(app, cluster.NodeName);
        }

        BatchEndpoint.Map(app);
        StatsEndpoint.Map(app);
        HealthEndpoints.Map(app);
        HostTelemetry.MapMetrics(app);
        if (settings.DashboardEnabled)
        {
            DashboardEndpoints.Map(app);
        }

        return app;
    }
}
