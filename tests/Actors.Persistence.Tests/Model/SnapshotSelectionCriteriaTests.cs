namespace Actors.Persistence.Tests.Model;

public sealed class SnapshotSelectionCriteriaTests
{
    private static readonly DateTimeOffset Noon = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Latest_selects_everything_and_none_selects_nothing()
    {
        var early = new SnapshotMetadata("p", 0, DateTimeOffset.MinValue);
        var late = new SnapshotMetadata("p", long.MaxValue, DateTimeOffset.MaxValue);

        Assert.True(SnapshotSelectionCriteria.Latest.IsMatch(early));
        Assert.True(SnapshotSelectionCriteria.Latest.IsMatch(late));
        Assert.False(SnapshotSelectionCriteria.Latest.SelectsNothing);
        Assert.False(SnapshotSelectionCriteria.None.IsMatch(early));
        Assert.False(SnapshotSelectionCriteria.None.IsMatch(late));
        Assert.True(SnapshotSelectionCriteria.None.SelectsNothing);
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        var criteria = new SnapshotSelectionCriteria(10, Noon, minSequenceNr: 5, minTimestamp: Noon.AddHours(-1));

        Assert.True(criteria.IsMatch(new SnapshotMetadata("p", 10, Noon)));
        Assert.True(criteria.IsMatch(new SnapshotMetadata("p", 5, Noon.AddHours(-1))));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 11, Noon)));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 4, Noon)));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 7, Noon.AddTicks(1))));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 7, Noon.AddHours(-2))));
    }

    [Fact]
    public void Timestamps_compare_as_instants_whatever_their_offset()
    {
        var criteria = new SnapshotSelectionCriteria(long.MaxValue, Noon);

        Assert.True(criteria.IsMatch(new SnapshotMetadata("p", 1, new DateTimeOffset(2024, 1, 1, 13, 0, 0, TimeSpan.FromHours(1)))));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 1, new DateTimeOffset(2024, 1, 1, 13, 0, 0, TimeSpan.FromHours(-1)))));
    }

    [Fact]
    public void Refuses_negative_sequence_numbers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotSelectionCriteria(-1, Noon));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotSelectionCriteria(1, Noon, minSequenceNr: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotMetadata("p", -1, Noon));
    }
}
