namespace Actors.Persistence;

/// <summary>A persistent actor could not rebuild its state from its snapshot and journal; it stops instead of guessing.</summary>
public sealed class RecoveryFailedException(string persistenceId, Exception cause)
    : Exception($"Recovery of '{persistenceId}' failed: {cause.Message}", cause)
{
    /// <summary>The entity that could not recover.</summary>
    public string PersistenceId { get; } = persistenceId;
}
