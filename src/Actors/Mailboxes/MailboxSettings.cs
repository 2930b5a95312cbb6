namespace Actors.Mailboxes;

/// <summary>
/// How one kind of mailbox behaves, configured by id under <c>actors.mailboxes</c> and chosen per actor with
/// <see cref="Props.WithMailbox"/>.
/// </summary>
public sealed record MailboxSettings
{
    /// <summary>The id of the default, unbounded mailbox.</summary>
    public const string DefaultId = "default-mailbox";

    /// <summary>The id of the bounded mailbox defined in reference.conf.</summary>
    public const string BoundedId = "bounded-mailbox";

    /// <summary>An unbounded mailbox.</summary>
    public static MailboxSettings Unbounded { get; } = new();

    /// <summary><see langword="true"/> for a bounded mailbox (<c>mailbox-type = bounded</c>).</summary>
    public bool IsBounded { get; init; }

    /// <summary>Capacity of a bounded mailbox in messages (<c>mailbox-capacity</c>).</summary>
    public int Capacity { get; init; } = 1000;

    /// <summary>How long a sender waits for room under <see cref="OverflowPolicy.Backpressure"/> (<c>mailbox-push-timeout-time</c>).</summary>
    public TimeSpan PushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>What happens when the mailbox is full (<c>overflow-policy</c>).</summary>
    public OverflowPolicy Overflow { get; init; } = OverflowPolicy.Backpressure;

    /// <summary>A bounded mailbox of <paramref name="capacity"/> messages.</summary>
    public static MailboxSettings Bounded(int capacity, OverflowPolicy overflow = OverflowPolicy.Backpressure, TimeSpan? pushTimeout = null) =>
        new MailboxSettings { IsBounded = true, Capacity = capacity, Overflow = overflow, PushTimeout = pushTimeout ?? TimeSpan.FromSeconds(10) }.Validate("(code)");

    /// <summary>Throws a clear error if the settings are out of range; returns them otherwise.</summary>
    public MailboxSettings Validate(string id)
    {
        if (IsBounded && Capacity < 1)
        {
            throw new ArgumentException($"Mailbox '{id}': mailbox-capacity must be at least 1, but was {Capacity}.");
        }

        if (PushTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"Mailbox '{id}': mailbox-push-timeout-time must not be negative, but was {PushTimeout}.");
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsBounded ? $"bounded(capacity={Capacity}, overflow={Overflow}, push-timeout={PushTimeout})" : "unbounded";
}
