namespace Actors.Persistence.Journal;

/// <summary>Argument checks and errors shared by the journal implementations.</summary>
internal static class JournalArguments
{
    public static void ValidateReplay(string persistenceId, long fromSequenceNr, long toSequenceNr, long max)
    {
        StoredText.ThrowIfInvalidPersistenceId(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequenceNr);
        ArgumentOutOfRangeException.ThrowIfNegative(toSequenceNr);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
    }

    public static InvalidOperationException NotInitialized(string store) =>
        new($"The {store} is not initialized: await InitializeAsync() once before using it.");
}
