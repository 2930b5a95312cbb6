using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Actors.Store.Cluster;

/// <summary>
/// Stamps this incarnation's membership row with the database's clock every heartbeat interval, and renews the member
/// lease from the moment each stamp was sent. A stamp that finds no row of this incarnation (marked down, forgotten,
/// or taken over by a restarted node of the same name) expels the node.
/// </summary>
internal static class MemberHeartbeat
{
    public static async Task RunAsync(ClusterContext context, CancellationToken stopping)
    {
        bool failing = false;
        while (context.IsMember)
        {
            await context.Gate.WaitAsync(stopping).ConfigureAwait(false);
            long sentAt = Stopwatch.GetTimestamp();
            try
            {
                using CancellationTokenSource timeout = context.StatementTimeout(stopping);
                await using var connection = await ClusterCommands.OpenAsync(context.Connections.Pool, timeout.Token).ConfigureAwait(false);
                object? version = await ClusterCommands.ScalarAsync(
                    connection, null, context.Sql.Heartbeat, timeout.Token, context.NodeName, context.Incarnation).ConfigureAwait(false);
                if (version is null)
                {
                    context.Expel("its heartbeat found its membership row marked down or taken over by a newer incarnation");
                    return;
                }

                context.MemberLease.Confirm(sentAt);
                if (failing)
                {
                    failing = false;
                    context.Logger.LogInformation("Cluster node {Node} reaches the database again; heartbeats resumed.", context.NodeName);
                }

                if ((long)version > context.Views.Current.Version)
                {
                    context.Refresher.Request(); // a change whose notification this node missed
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    context.Logger.LogWarning(
                        e,
                        "Cluster node {Node} cannot heartbeat; if this lasts cluster.failure-timeout ({Timeout}) it is marked down and its shards move. Retrying.",
                        context.NodeName,
                        context.Settings.FailureTimeout);
                }
            }

            await Task.Delay(context.Settings.HeartbeatInterval, stopping).ConfigureAwait(false);
        }
    }
}
