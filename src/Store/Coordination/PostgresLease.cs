using System.Diagnostics;
using Akka.Coordination;
using Akka.Event;

namespace Actors.Store.Coordination;

/// <summary>
/// An Akka.NET <see cref="Lease"/> on PostgreSQL, for <c>Akka.Cluster.Sharding</c>'s <c>use-lease</c> and the Split
/// Brain Resolver's <c>lease-majority</c>: a row per lease in <c>{schema}.leases</c> with its owner, its expiry by the
/// database's clock (<c>heartbeat-timeout</c> after the last renewal) and a fencing token that rises with every new
/// tenure. The holder renews every <c>heartbeat-interval</c>; a renewal that finds the lease expired or taken loses it.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="CheckLease"/> is judged on this process's monotonic clock, from the moment the last successful renewal
/// was <i>sent</i>: after <c>heartbeat-timeout</c> without one it answers false even if no renewal has come back to say
/// so — a paused or partitioned holder stops claiming the lease no later than the database lets another take it.
/// </para>
/// <para>Configuration (a section with <c>lease-class</c> pointing here, as Akka.NET's lease implementations take):</para>
/// <code>
/// actors.store.postgres-lease {
///   lease-class = "Actors.Store.Coordination.PostgresLease, Actors.Store"
///   heartbeat-timeout = 12s          # the lease's time to live after a renewal
///   heartbeat-interval = 2s          # how often the holder renews ("" = heartbeat-timeout / 10)
///   lease-operation-timeout = 5s     # one acquire, renew or release
///   connection-string = "Host=…"     # required
///   schema = "cluster"
/// }
/// </code>
/// </remarks>
public sealed class PostgresLease : Lease, IDisposable
{
    private readonly PostgresLeaseTable _table;
    private readonly ILoggingAdapter _log;
    private readonly Lock _gate = new();
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _operationTimeout;
    private Task? _created;
    private long? _token;
    private long _confirmedAt;
    private CancellationTokenSource? _renewing;

    public PostgresLease(LeaseSettings settings, Akka.Actor.ActorSystem system)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(system);
        var config = settings.LeaseConfig;
        var connectionString = config.GetString("connection-string", string.Empty);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"The PostgreSQL lease '{settings.LeaseName}' needs connection-string in its configuration (the database the leases are kept in).", nameof(settings));
        }

        _table = new PostgresLeaseTable(connectionString, config.GetString("schema", "cluster"));
        _ttl = settings.TimeoutSettings.HeartbeatTimeout;
        _interval = settings.TimeoutSettings.HeartbeatInterval;
        // Akka's TimeoutSettings has already refused a heartbeat-interval that is not under half the heartbeat-timeout.
        _operationTimeout = settings.TimeoutSettings.OperationTimeout;

        _log = Logging.GetLogger(system, typeof(PostgresLease));
    }

    /// <summary>The fencing token of the current tenure, or null when the lease is not held.</summary>
    public long? FencingToken
    {
        get
        {
            lock (_gate)
            {
                return _token;
            }
        }
    }

    public override Task<bool> Acquire() => Acquire(null);

    public override async Task<bool> Acquire(Action<Exception>? leaseLostCallback)
    {
        var sentAt = Stopwatch.GetTimestamp();
        long? token;
        try
        {
            using var timeout = new CancellationTokenSource(_operationTimeout);
            await EnsureTableAsync(timeout.Token).ConfigureAwait(false);
            token = await _table.TryAcquireAsync(Settings.LeaseName, Settings.OwnerName, _ttl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not LeaseException)
        {
            throw new LeaseException($"Could not reach PostgreSQL to acquire lease '{Settings.LeaseName}' for '{Settings.OwnerName}' (it may or may not be held now): {e.Message}", e);
        }

        if (token is not { } acquired)
        {
            return false;
        }

        CancellationTokenSource renewing;
        lock (_gate)
        {
            _renewing?.Cancel();
            _token = acquired;
            _confirmedAt = sentAt;
            renewing = _renewing = new CancellationTokenSource();
        }

        _ = RenewAsync(acquired, leaseLostCallback, renewing.Token);
        return true;
    }

    public override async Task<bool> Release()
    {
        long token;
        lock (_gate)
        {
            if (_token is not { } held)
            {
                return false;
            }

            token = held;
            _token = null;
            _renewing?.Cancel();
            _renewing = null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_operationTimeout);
            return await _table.ReleaseAsync(Settings.LeaseName, Settings.OwnerName, token, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not held any more here either way; the row expires by itself.
            throw new LeaseException($"Could not reach PostgreSQL to release lease '{Settings.LeaseName}' of '{Settings.OwnerName}'; it expires within {_ttl}: {e.Message}", e);
        }
    }

    public override bool CheckLease()
    {
        lock (_gate)
        {
            return _token is not null && Stopwatch.GetElapsedTime(_confirmedAt) < _ttl;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _renewing?.Cancel();
            _renewing = null;
            _token = null;
        }
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A failed attempt is retried by the next acquire.
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = _table.CreateAsync(cancellationToken);
            }

            return _created;
        }
    }

    private async Task RenewAsync(long token, Action<Exception>? lost, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var sentAt = Stopwatch.GetTimestamp();
                bool renewed;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(_operationTimeout);
                    renewed = await _table.TryRenewAsync(Settings.LeaseName, Settings.OwnerName, token, _ttl, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Unreachable for now: keep trying until the lease would have expired.
                    _log.Warning("Lease {0}: renewal failed ({1}); it is lost if none succeeds within {2}.", Settings.LeaseName, e.Message, _ttl);
                    if (!CheckLease())
                    {
                        Lose(token, lost, new LeaseException($"Lease '{Settings.LeaseName}' of '{Settings.OwnerName}' could not be renewed within {_ttl}: {e.Message}", e));
                        return;
                    }

                    continue;
                }

                if (!renewed)
                {
                    Lose(token, lost, new LeaseException($"Lease '{Settings.LeaseName}' of '{Settings.OwnerName}' expired or was taken by another owner (fencing token {token})."));
                    return;
                }

                lock (_gate)
                {
                    if (_token == token)
                    {
                        _confirmedAt = sentAt;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released.
        }
    }

    private void Lose(long token, Action<Exception>? lost, LeaseException reason)
    {
        lock (_gate)
        {
            if (_token != token)
            {
                return;
            }

            _token = null;
            _renewing?.Cancel();
            _renewing = null;
        }

        _log.Warning("{0}", reason.Message);
        lost?.Invoke(reason);
    }
}
