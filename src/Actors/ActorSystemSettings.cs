using Actors.Dispatch;
using Actors.Mailboxes;
using Actors.Shutdown;

namespace Actors;

/// <summary>
/// Everything an <see cref="ActorSystem"/> is configured with. Read it from HOCON/<c>IConfiguration</c> (section
/// <c>actors</c>, documented in <c>hocon/reference.conf</c>) or build it in code.
/// </summary>
public sealed partial record ActorSystemSettings
{
    /// <summary>The default timeout of <c>Ask</c> (<c>actors.ask-timeout</c>).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Dispatchers by id (<c>actors.dispatchers</c>); <c>default-dispatcher</c> is always present.</summary>
    public IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; } =
        new Dictionary<string, DispatcherSettings> { [DispatcherSettings.DefaultId] = new() };

    /// <summary>Mailboxes by id (<c>actors.mailboxes</c>); <c>default-mailbox</c> and <c>bounded-mailbox</c> are always present.</summary>
    public IReadOnlyDictionary<string, MailboxSettings> Mailboxes { get; init; } = new Dictionary<string, MailboxSettings>
    {
        [MailboxSettings.DefaultId] = MailboxSettings.Unbounded,
        [MailboxSettings.BoundedId] = MailboxSettings.Bounded(1000),
    };

    /// <summary>How many dead letters are logged per window; 0 turns logging off (<c>actors.log-dead-letters</c>).</summary>
    public int LogDeadLetters { get; init; } = 10;

    /// <summary>The dead-letter logging window (<c>actors.log-dead-letters-suspend-duration</c>).</summary>
    public TimeSpan LogDeadLettersSuspendDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Shutdown phases (<c>actors.coordinated-shutdown</c>).</summary>
    public CoordinatedShutdownSettings CoordinatedShutdown { get; init; } = new();

    /// <summary>The clock of timers, ask timeouts and receive timeouts; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A copy with the mailbox <paramref name="id"/> defined (or redefined) as <paramref name="settings"/>.</summary>
    public ActorSystemSettings WithMailbox(string id, MailboxSettings settings) =>
        this with { Mailboxes = new Dictionary<string, MailboxSettings>(Mailboxes) { [id] = settings.Validate(id) } };

    /// <summary>A copy with the dispatcher <paramref name="id"/> defined (or redefined) as <paramref name="settings"/>.</summary>
    public ActorSystemSettings WithDispatcher(string id, DispatcherSettings settings) =>
        this with { Dispatchers = new Dictionary<string, DispatcherSettings>(Dispatchers) { [id] = settings.Validate(id) } };
}
