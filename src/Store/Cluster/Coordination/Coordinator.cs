using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// Campaigns for, and exercises, the coordinator role. The coordinator is whoever holds the cluster's session-level
/// advisory lock on its own unpooled session; it runs a <see cref="CoordinatorRound"/> on that session every rebalance
/// interval, and at once when a notification says something changed.
/// </summary>
/// <remarks>
/// <para>
/// The lock dies with the session: a coordinator whose process dies, or whose connection breaks, releases it, and
/// another node takes it at its next campaign. A coordinator that is merely paused keeps its socket open, so the session
/// is created with <c>idle_session_timeout</c> (PostgreSQL 14+) and <c>idle_in_transaction_session_timeout</c> set to
/// the failure timeout: a session that sends nothing for that long is ended by the server, lock and all. Rounds (and
/// campaigns) come at least twice per failure timeout, so a working coordinator never idles out.
/// </para>
/// <para>
/// Election raises the coordinator term in <c>cluster_meta</c>, and every round checks the term in the same transaction
/// as its changes, with the row locked: even if two nodes ever both believed they held the lock, only the newest term's
/// changes would commit.
/// </para>
/// </remarks>
internal sealed class Coordinator
{
    private readonly ClusterContext _context;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lease _lease;
    private NpgsqlConnection? _session;
    private long _term;
    private bool _warnedNoIdleTimeout;

    public Coordinator(ClusterContext context)
    {
        _context = context;
        _lease = new Lease(context.LeaseDuration);
        context.WakeCoordinator = Wake;
    }

    /// <summary>
    /// Whether this node believes it is the coordinator: it won the lock, and its session answered within the lease (so a
    /// resumed node whose session the server has ended by the idle timeout does not claim it). A session killed under it
    /// is noticed at its next round, within a rebalance interval; until then another node may already have been elected.
    /// The belief decides nothing: every change is made under the term, which the database checks.
    /// </summary>
    public bool IsCoordinator => Volatile.Read(ref _term) != 0 && _lease.IsValid;

    /// <summary>The term this node coordinates under; 0 when it does not.</summary>
    public long Term => Volatile.Read(ref _term);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _context.Gate.WaitAsync(stopping).ConfigureAwait(false);
                long sentAt = Stopwatch.GetTimestamp();
                try
                {
                    using CancellationTokenSource timeout = _context.StatementTimeout(stopping);
                    if (!_context.IsMember)
                    {
                        await StepDownAsync("it is no longer a member").ConfigureAwait(false);
                    }
                    else if (_term == 0 && _context.Phase == MembershipPhase.Up)
                    {
                        await CampaignAsync(sentAt, timeout.Token).ConfigureAwait(false);
                    }
                    else if (_term != 0)
                    {
                        await RoundAsync(sentAt, timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    if (_term != 0)
                    {
                        _context.Logger.LogWarning(e, "Coordinator {Node} lost its session; stepping down (the lock is released with the session).", _context.NodeName);
                    }
                    else
                    {
                        _context.Logger.LogDebug(e, "Cluster node {Node} could not campaign for coordinator.", _context.NodeName);
                    }

                    await StepDownAsync(null).ConfigureAwait(false);
                }

                TimeSpan pause = _term != 0 ? _context.Settings.RebalanceInterval : _context.Settings.HeartbeatInterval;
                await _wake.WaitAsync(pause, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await StepDownAsync(null).ConfigureAwait(false);
        }
    }

    private async Task CampaignAsync(long sentAt, CancellationToken cancellationToken)
    {
        NpgsqlConnection session = _session ??= await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        if (!(bool)(await ClusterCommands.ScalarAsync(session, null, _context.Sql.TryLock, cancellationToken, _context.LockKey).ConfigureAwait(false))!)
        {
            return;
        }

        long term = await ClusterTransaction.RunAsync(session, _context.Sql, async (transaction, _) =>
        {
            long elected = (long)(await ClusterCommands.ScalarAsync(session, transaction, _context.Sql.Elect, cancellationToken, _context.NodeName).ConfigureAwait(false))!;
            return (elected, true);
        }, cancellationToken).ConfigureAwait(false);

        _lease.Confirm(sentAt);
        Volatile.Write(ref _term, term);
        _context.Logger.LogInformation("Cluster node {Node} is the coordinator (term {Term}).", _context.NodeName, term);
        _context.Refresher.Request();
        await RoundAsync(sentAt, cancellationToken).ConfigureAwait(false);
    }

    private async Task RoundAsync(long sentAt, CancellationToken cancellationToken)
    {
        if (!await CoordinatorRound.RunAsync(_context, _session!, _term, cancellationToken).ConfigureAwait(false))
        {
            await StepDownAsync("a newer term exists, or it is no longer a live member").ConfigureAwait(false);
            return;
        }

        _lease.Confirm(sentAt);
    }

    private async Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection session = await ClusterCommands.OpenAsync(_context.Connections.Sessions, cancellationToken).ConfigureAwait(false);
        try
        {
            long milliseconds = (long)_context.Settings.FailureTimeout.TotalMilliseconds;
            await ClusterCommands.ExecuteAsync(session, null, $"SET idle_in_transaction_session_timeout = {milliseconds}", cancellationToken).ConfigureAwait(false);
            if (session.PostgreSqlVersion.Major >= 14)
            {
                await ClusterCommands.ExecuteAsync(session, null, $"SET idle_session_timeout = {milliseconds}", cancellationToken).ConfigureAwait(false);
            }
            else if (!_warnedNoIdleTimeout)
            {
                _warnedNoIdleTimeout = true;
                _context.Logger.LogWarning(
                    "PostgreSQL {Version} has no idle_session_timeout (14 and later do): a coordinator that is paused rather than dead keeps its lock until its " +
                    "connection breaks, and no other node can coordinate meanwhile.",
                    session.PostgreSqlVersion);
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StepDownAsync(string? reason)
    {
        long term = Interlocked.Exchange(ref _term, 0);
        _lease.Revoke();
        if (term != 0 && reason is not null)
        {
            _context.Logger.LogInformation("Cluster node {Node} stepped down as coordinator of term {Term}: {Reason}.", _context.NodeName, term, reason);
        }

        if (_session is { } session)
        {
            _session = null;
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Closing a session the server has already ended may report how it ended; it is closed either way.
                _context.Logger.LogDebug(e, "Closing the coordinator session of {Node} failed.", _context.NodeName);
            }
        }
    }
}
