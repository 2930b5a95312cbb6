using static Actors.Persistence.Tests.Infrastructure.TestEvents;

namespace Actors.Persistence.Tests.Model;

public sealed class AtomicWriteTests
{
    [Fact]
    public void Describes_its_run_of_events()
    {
        AtomicWrite write = Write("p", 4, 6);

        Assert.Equal("p", write.PersistenceId);
        Assert.Equal(4, write.LowestSequenceNr);
        Assert.Equal(6, write.HighestSequenceNr);
        Assert.Equal([4L, 5L, 6L], write.Events.Select(e => e.SequenceNr));
    }

    [Fact]
    public void Refuses_an_empty_run()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new AtomicWrite(Array.Empty<PersistentRepr>()));
        Assert.Contains("at least one event", e.Message);
    }

    [Fact]
    public void Refuses_mixed_persistence_ids()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 1), Event("b", 2)]));
        Assert.Contains("one persistence id", e.Message);
    }

    [Fact]
    public void Refuses_gaps_and_disorder()
    {
        Assert.Contains("go up by one", Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 1), Event("a", 3)])).Message);
        Assert.Contains("go up by one", Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 2), Event("a", 1)])).Message);
        Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 1), null!]));
    }

    [Fact]
    public void Copies_the_events_it_is_given()
    {
        var events = new List<PersistentRepr> { Event("a", 1) };
        var write = new AtomicWrite(events);
        events.Add(Event("a", 2));

        Assert.Single(write.Events);
    }

    [Fact]
    public void Events_need_a_persistence_id_and_a_positive_sequence_number()
    {
        Assert.Throws<ArgumentException>(() => new PersistentRepr("", 1, "", default, Epoch, ""));
        Assert.Throws<ArgumentException>(() => new PersistentRepr("a\0b", 1, "", default, Epoch, ""));
        Assert.Throws<ArgumentNullException>(() => new PersistentRepr(null!, 1, "", default, Epoch, ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersistentRepr("a", 0, "", default, Epoch, ""));
        Assert.Throws<ArgumentNullException>(() => new PersistentRepr("a", 1, null!, default, Epoch, ""));
        Assert.Throws<ArgumentNullException>(() => new PersistentRepr("a", 1, "", default, Epoch, null!));
    }

    [Fact]
    public void Text_must_be_storable_unchanged_by_every_backend()
    {
        Assert.Throws<ArgumentException>(() => new PersistentRepr("a", 1, "m\0", default, Epoch, ""));
        Assert.Throws<ArgumentException>(() => new PersistentRepr("a", 1, "", default, Epoch, "w\uD800"));
        Assert.Throws<ArgumentException>(() => new PersistentRepr("a\uDC00b", 1, "", default, Epoch, ""));
        Assert.Throws<ArgumentException>(() => new PersistentRepr("a", 1, "\uDBFF", default, Epoch, ""));

        var emoji = new PersistentRepr("entity-😀", 1, "type ✓ 😀", default, Epoch, "writer-😀");
        Assert.Equal("type ✓ 😀", emoji.Manifest);
    }

    [Fact]
    public void Carries_an_optional_fence()
    {
        AtomicWrite plain = Write("p", 1);
        AtomicWrite fenced = new(plain.Events) { Fence = new WriteFence("3", 7) };

        Assert.Null(plain.Fence);
        Assert.Equal(new WriteFence("3", 7), fenced.Fence);
        Assert.Contains("fenced 3@7", fenced.ToString());
        Assert.Throws<ArgumentException>(() => new WriteFence("", 1));
        Assert.Throws<ArgumentNullException>(() => new WriteFence(null!, 1));
    }
}
