namespace Actors.Store;

/// <summary>A scan cursor that this store did not produce.</summary>
public sealed class InvalidCursorException(string cursor, string reason)
    : StoreException($"The scan cursor '{(cursor.Length > 40 ? cursor[..40] + "…" : cursor)}' is invalid: {reason}. Pass back the cursor of the previous page unchanged, or omit it to start over.");
