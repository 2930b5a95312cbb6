using Actors.Dispatch;

namespace Actors.Store.Shards;

/// <summary>
/// The mailbox ids <c>store.mailbox</c> takes besides any id of the actor system's own: <c>default-mailbox</c> (the
/// system's default, unbounded) and <c>bounded-mailbox</c>, our <see cref="BoundedAnsweringMailbox"/> under
/// <c>akka.actor.bounded-answering-mailbox</c> (capacity 1000, reject): a full shard refuses a request with
/// <see cref="StoreOverloadedException"/>, nothing applied, nothing silently dropped.
/// </summary>
internal static class StoreMailboxes
{
    public const string BoundedAlias = "bounded-mailbox";

    public const string BoundedId = "akka.actor.bounded-answering-mailbox";

    /// <summary>The definition the store adds to every system it runs in (the system's own settings win).</summary>
    public static string Hocon => $$"""
        {{BoundedId}} {
          mailbox-type = "{{typeof(BoundedAnsweringMailbox).FullName}}, {{typeof(BoundedAnsweringMailbox).Assembly.GetName().Name}}"
          mailbox-capacity = 1000
          overflow-policy = reject
          mailbox-push-timeout-time = 10s
        }
        """;

    /// <summary>The Akka.NET mailbox id for a <c>store.mailbox</c> value (null: the system's default).</summary>
    public static string? Resolve(string configured) => configured switch
    {
        Configuration.StoreSettings.DefaultMailbox => null,
        BoundedAlias => BoundedId,
        _ => configured,
    };
}
