namespace Actors.Persistence.Sqlite;

/// <summary>Settings of a <see cref="SqliteJournal"/>.</summary>
public sealed record SqliteJournalSettings
{
    /// <summary>The folder of the database file; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The database file's name within <see cref="DataDirectory"/>.</summary>
    public string FileName { get; init; } = "journal.db";

    public SqliteDurability Durability { get; init; } = SqliteDurability.Batched;

    /// <summary>The most atomic writes committed in one transaction; 1 commits each write on its own.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How long an operation waits for another connection's lock on the file before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => SqliteSettingsValidation.DatabasePath(DataDirectory, FileName);

    internal void Validate()
    {
        SqliteSettingsValidation.ValidateLocation(DataDirectory, FileName);
        SqliteSettingsValidation.ValidateBusyTimeout(BusyTimeout);
        if (MaxBatchSize < 1)
        {
            throw new ArgumentException($"{nameof(MaxBatchSize)} must be 1 or more (1 disables group commit); it is {MaxBatchSize}.");
        }

        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentException($"{nameof(Durability)} must be {nameof(SqliteDurability.Batched)} or {nameof(SqliteDurability.Strict)}; it is {(int)Durability}.");
        }
    }
}
