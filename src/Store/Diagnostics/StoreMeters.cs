namespace Actors.Store.Diagnostics;

/// <summary>The names of the meters the store's figures are on, for an exporter's <c>AddMeter</c>.</summary>
public static class StoreMeters
{
    /// <summary>
    /// The Actors library's meter: the bounded answering mailbox's refusals and group commit's journal figures
    /// (and the earlier built-in runtime's figures, which a clustered host still runs on).
    /// </summary>
    public const string Actors = Dispatch.MailboxMetrics.MeterName;

    /// <summary>The store's meter: its shard actors' messages, mailbox depth per shard, dead letters and restarts.</summary>
    public const string Store = "Actors.Store";
}
