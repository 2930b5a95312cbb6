namespace Actors.Persistence.Sqlite;

/// <summary>Settings of a <see cref="SqliteSnapshotStore"/>.</summary>
public sealed record SqliteSnapshotStoreSettings
{
    /// <summary>The folder of the database file; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The database file's name within <see cref="DataDirectory"/>. A file of its own by default, so that
    /// saving a large snapshot never holds up the journal's commits; it may be the journal's file.
    /// </summary>
    public string FileName { get; init; } = "snapshots.db";

    public SqliteDurability Durability { get; init; } = SqliteDurability.Batched;

    /// <summary>How long an operation waits for another connection's lock on the file before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => SqliteSettingsValidation.DatabasePath(DataDirectory, FileName);

    internal void Validate()
    {
        SqliteSettingsValidation.ValidateLocation(DataDirectory, FileName);
        SqliteSettingsValidation.ValidateBusyTimeout(BusyTimeout);
        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentException($"{nameof(Durability)} must be {nameof(SqliteDurability.Batched)} or {nameof(SqliteDurability.Strict)}; it is {(int)Durability}.");
        }
    }
}
