using Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Actors.Host.Hosting;

/// <summary>The host's settings (<c>host</c> in configuration; see <c>hocon/reference.conf</c>), read once at start-up.</summary>
public sealed record HostSettings
{
    /// <summary>The environment variable that supplies the bearer token when <c>host.auth.bearer-token</c> is empty.</summary>
    public const string TokenVariable = "ACTORS_HOST_TOKEN";

    /// <summary><c>host.urls</c>: where Kestrel listens, separated by <c>;</c> (ASP.NET Core's convention).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary><c>host.allow-non-loopback</c>: whether <see cref="Urls"/> may name anything but a loopback address.</summary>
    public bool AllowNonLoopback { get; init; }

    /// <summary><c>host.auth.bearer-token</c> (or <see cref="TokenVariable"/>); empty: no authentication.</summary>
    public string BearerToken { get; init; } = string.Empty;

    /// <summary><c>host.limits.max-request-body-bytes</c>.</summary>
    public long MaxRequestBodyBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary><c>host.limits.max-batch-operations</c>.</summary>
    public int MaxBatchOperations { get; init; } = 1000;

    /// <summary><c>host.limits.default-scan-limit</c>.</summary>
    public int DefaultScanLimit { get; init; } = 100;

    /// <summary><c>host.retry-after</c>: the <c>Retry-After</c> of a 429 or 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>host.shutdown-delay</c>: how long the server keeps serving, readiness 503, after the stop signal.</summary>
    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.Zero;

    /// <summary><c>host.shutdown-timeout</c>: how long in-flight requests may take to finish on shutdown.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>host.dashboard.enabled</c>.</summary>
    public bool DashboardEnabled { get; init; } = true;

    /// <summary><c>host.dashboard.refresh</c>: how often the dashboard polls.</summary>
    public TimeSpan DashboardRefresh { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>host.dashboard.reports-dir</c>: where the lab writes its HTML reports.</summary>
    public string ReportsDirectory { get; init; } = "./data/reports";

    /// <summary><c>host.metrics.meters</c>: the meters <c>/metrics</c> exports (and the dashboard reads).</summary>
    public IReadOnlyList<string> Meters { get; init; } =
        ["Actors", "Actors.Store", "Actors.Host", "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Whether requests need a bearer token.</summary>
    public bool AuthenticationEnabled => BearerToken.Length > 0;

    /// <summary>Reads the <c>host</c> section; a malformed value fails here with a message naming it.</summary>
    /// <param name="configuration">The whole configuration.</param>
    /// <param name="environment">Reads an environment variable (the token's fallback); defaults to the process's.</param>
    public static HostSettings FromConfiguration(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        var host = configuration.GetSection("host");
        var limits = host.GetSection("limits");
        var dashboard = host.GetSection("dashboard");
        var defaults = new HostSettings();
        var urls = host["urls"] is { Length: > 0 } text
            ? text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : defaults.Urls;
        var token = host.GetSection("auth")["bearer-token"] is { Length: > 0 } configured
            ? configured
            : (environment ?? Environment.GetEnvironmentVariable)(TokenVariable) ?? string.Empty;
        var meters = host.GetSection("metrics:meters").GetChildren().Select(m => m.Value).OfType<string>().ToArray();

        var settings = new HostSettings
        {
            Urls = urls,
            AllowNonLoopback = host.GetBoolean("allow-non-loopback", defaults.AllowNonLoopback),
            BearerToken = token.Trim(),
            MaxRequestBodyBytes = limits.GetBytes("max-request-body-bytes", defaults.MaxRequestBodyBytes),
            MaxBatchOperations = limits.GetInt32("max-batch-operations", defaults.MaxBatchOperations, min: 1, max: 100_000),
            DefaultScanLimit = limits.GetInt32("default-scan-limit", defaults.DefaultScanLimit, min: 1, max: 10_000),
            RetryAfter = host.GetDuration("retry-after", defaults.RetryAfter),
            ShutdownTimeout = host.GetDuration("shutdown-timeout", defaults.ShutdownTimeout),
            ShutdownDelay = host.GetDuration("shutdown-delay", defaults.ShutdownDelay),
            DashboardEnabled = dashboard.GetBoolean("enabled", defaults.DashboardEnabled),
            DashboardRefresh = dashboard.GetDuration("refresh", defaults.DashboardRefresh),
            ReportsDirectory = dashboard.GetString("reports-dir", defaults.ReportsDirectory),
            Meters = meters.Length > 0 ? meters : defaults.Meters,
        };

        if (settings.MaxRequestBodyBytes < 1)
        {
            throw limits.Invalid("max-request-body-bytes", limits["max-request-body-bytes"], "a positive size such as 2MiB");
        }

        if (settings.DashboardRefresh < TimeSpan.FromMilliseconds(100))
        {
            throw dashboard.Invalid("refresh", dashboard["refresh"], "a duration of at least 100ms, such as 1s");
        }

        if (token.Length > 0 && token.Trim().Length < 16)
        {
            throw new InvalidConfigurationException(
                "host.auth.bearer-token", $"the token (from {(host.GetSection("auth")["bearer-token"] is { Length: > 0 } ? "host.auth.bearer-token" : TokenVariable)}) has {token.Trim().Length} characters; use at least 16 random characters, e.g. from `openssl rand -hex 32`.");
        }

        ListenAddresses.Validate(settings.Urls, settings.AllowNonLoopback);
        return settings;
    }
}
