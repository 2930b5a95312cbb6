namespace Actors.Mailboxes;

/// <summary>Resolves the mailbox ids that <see cref="Props.WithMailbox"/> names.</summary>
internal sealed class MailboxRegistry(IReadOnlyDictionary<string, MailboxSettings> mailboxes)
{
    public MailboxSettings Resolve(string id) =>
        mailboxes.TryGetValue(id, out var settings)
            ? settings
            : throw new ArgumentException(
                $"Unknown mailbox '{id}'. Configured mailboxes: {string.Join(", ", mailboxes.Keys.Order())}. Define it under actors.mailboxes.{id}.");
}
