namespace Actors.Persistence;

/// <summary>A snapshot loaded from a snapshot store: what it is and its serialized state.</summary>
public sealed class SelectedSnapshot
{
    public SelectedSnapshot(SnapshotMetadata metadata, ReadOnlyMemory<byte> snapshot)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
        Snapshot = snapshot;
    }

    public SnapshotMetadata Metadata { get; }

    /// <summary>The serialized state, exactly as it was saved.</summary>
    public ReadOnlyMemory<byte> Snapshot { get; }

    public override string ToString() =>
        $"SelectedSnapshot({Metadata.PersistenceId}#{Metadata.SequenceNr}, {Snapshot.Length} bytes)";
}
