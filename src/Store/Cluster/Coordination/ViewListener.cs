using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Actors.Store.Cluster;

/// <summary>
/// Keeps the node's view current: a session LISTENs on the cluster's channel, and every notification of a newer version
/// triggers a refresh (and wakes the coordinator loop, which reacts to joins and leaves at once). The view is also
/// refreshed every <c>view-refresh-interval</c>, and after every reconnection, in case notifications were missed.
/// </summary>
internal static class ViewListener
{
    public static async Task RunAsync(ClusterContext context, CancellationToken stopping)
    {
        bool failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await context.Gate.WaitAsync(stopping).ConfigureAwait(false);
                await using NpgsqlConnection session = await OpenAsync(context, stopping).ConfigureAwait(false);
                context.Refresher.Request(); // catch up on whatever happened while not listening
                if (failing)
                {
                    failing = false;
                    context.Logger.LogInformation("Cluster node {Node} listens for changes again.", context.NodeName);
                }

                while (true)
                {
                    await context.Gate.WaitAsync(stopping).ConfigureAwait(false);
                    if (!await session.WaitAsync(context.Settings.ViewRefreshInterval, stopping).ConfigureAwait(false))
                    {
                        context.Refresher.Request();
                    }
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    context.Logger.LogWarning(e, "Cluster node {Node} lost its change notifications; reconnecting.", context.NodeName);
                }

                context.WakeCoordinator(); // its session may have gone the same way: let it find out now

                await Task.Delay(context.Settings.HeartbeatInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(ClusterContext context, CancellationToken stopping)
    {
        using CancellationTokenSource timeout = context.StatementTimeout(stopping);
        NpgsqlConnection session = await ClusterCommands.OpenAsync(context.Connections.Sessions, timeout.Token).ConfigureAwait(false);
        try
        {
            session.Notification += (_, notification) => OnNotification(context, notification);
            await ClusterCommands.ExecuteAsync(session, null, context.Sql.Listen, timeout.Token).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Runs inside WaitAsync, on the listener's loop.
    private static void OnNotification(ClusterContext context, NpgsqlNotificationEventArgs notification)
    {
        if (!long.TryParse(notification.Payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out long version)
            || version > context.Views.Current.Version)
        {
            context.Refresher.Request();
            context.WakeCoordinator();
        }
    }
}
