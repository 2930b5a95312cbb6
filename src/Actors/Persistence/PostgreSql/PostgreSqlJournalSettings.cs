namespace Actors.Persistence.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlJournal"/>.</summary>
public sealed record PostgreSqlJournalSettings
{
    /// <summary>An Npgsql connection string, such as <c>Host=127.0.0.1;Port=5432;Username=app;Database=app</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The PostgreSQL schema that holds the journal's tables; created when missing.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The most atomic writes committed in one transaction; 1 commits each write on its own.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>
    /// Where fenced writes (<see cref="AtomicWrite.Fence"/>) find the current epoch of their scope; it must exist when
    /// the journal is initialized. Null (the default) refuses fenced writes.
    /// </summary>
    public PostgreSqlFenceTable? FenceTable { get; init; }

    internal void Validate()
    {
        PostgreSqlSettingsValidation.Validate(ConnectionString, Schema);
        FenceTable?.Validate();
        if (MaxBatchSize < 1)
        {
            throw new ArgumentException($"{nameof(MaxBatchSize)} must be 1 or more (1 disables group commit); it is {MaxBatchSize}.");
        }
    }
}
