using System.Text;

namespace Actors.Persistence.Tests.Infrastructure;

/// <summary>Builds events for tests, with payloads that tell which event (and which writer) they came from.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset Epoch = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static PersistentRepr Event(string persistenceId, long sequenceNr, string writer = "w1") =>
        new(persistenceId, sequenceNr, "test-manifest", Payload(persistenceId, sequenceNr, writer), Epoch.AddTicks(sequenceNr), writer);

    public static byte[] Payload(string persistenceId, long sequenceNr, string writer = "w1") =>
        Encoding.UTF8.GetBytes($"{persistenceId}#{sequenceNr} by {writer}");

    /// <summary>One atomic write of the events <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static AtomicWrite Write(string persistenceId, long from, long to, string writer = "w1") =>
        new(Enumerable.Range(0, checked((int)(to - from + 1))).Select(i => Event(persistenceId, from + i, writer)));

    public static AtomicWrite Write(string persistenceId, long sequenceNr, string writer = "w1") =>
        new(Event(persistenceId, sequenceNr, writer));
}
