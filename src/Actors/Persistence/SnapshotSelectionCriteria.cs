namespace Actors.Persistence;

/// <summary>
/// Which snapshots of a persistence id a load or delete considers: those whose sequence number and
/// timestamp both lie within the given inclusive bounds.
/// </summary>
/// <remarks>
/// Bounds are not required to be ordered: criteria whose minimum exceeds its maximum select nothing,
/// which is how <see cref="None"/> is expressed.
/// </remarks>
public sealed record SnapshotSelectionCriteria
{
    /// <summary>Selects every snapshot; a load then returns the one with the highest sequence number.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>Selects no snapshot: recovery replays the whole journal.</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0L, DateTimeOffset.MinValue, minSequenceNr: 1L);

    /// <param name="maxSequenceNr">The highest sequence number selected; 0 or more.</param>
    /// <param name="maxTimestamp">The latest timestamp selected.</param>
    /// <param name="minSequenceNr">The lowest sequence number selected; 0 or more.</param>
    /// <param name="minTimestamp">The earliest timestamp selected; <see cref="DateTimeOffset.MinValue"/> when omitted.</param>
    public SnapshotSelectionCriteria(
        long maxSequenceNr,
        DateTimeOffset maxTimestamp,
        long minSequenceNr = 0L,
        DateTimeOffset? minTimestamp = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSequenceNr);
        ArgumentOutOfRangeException.ThrowIfNegative(minSequenceNr);
        MaxSequenceNr = maxSequenceNr;
        MaxTimestamp = maxTimestamp;
        MinSequenceNr = minSequenceNr;
        MinTimestamp = minTimestamp ?? DateTimeOffset.MinValue;
    }

    public long MaxSequenceNr { get; }

    public DateTimeOffset MaxTimestamp { get; }

    public long MinSequenceNr { get; }

    public DateTimeOffset MinTimestamp { get; }

    /// <summary>True when no snapshot can match, so a store need not ask its database.</summary>
    public bool SelectsNothing => MinSequenceNr > MaxSequenceNr || MinTimestamp > MaxTimestamp;

    /// <summary>Whether the snapshot described by <paramref name="metadata"/> is selected.</summary>
    public bool IsMatch(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.SequenceNr <= MaxSequenceNr
            && metadata.SequenceNr >= MinSequenceNr
            && metadata.Timestamp <= MaxTimestamp
            && metadata.Timestamp >= MinTimestamp;
    }
}
