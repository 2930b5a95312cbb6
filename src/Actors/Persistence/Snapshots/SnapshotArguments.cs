namespace Actors.Persistence.Snapshots;

/// <summary>Errors shared by the snapshot store implementations.</summary>
internal static class SnapshotArguments
{
    public static InvalidOperationException NotInitialized(string store) =>
        new($"The {store} is not initialized: await InitializeAsync() once before using it.");
}
