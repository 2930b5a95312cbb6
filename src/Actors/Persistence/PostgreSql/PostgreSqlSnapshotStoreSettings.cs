namespace Actors.Persistence.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlSnapshotStore"/>.</summary>
public sealed record PostgreSqlSnapshotStoreSettings
{
    /// <summary>An Npgsql connection string, such as <c>Host=127.0.0.1;Port=5432;Username=app;Database=app</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The PostgreSQL schema that holds the snapshot table; created when missing. May be the journal's.</summary>
    public string Schema { get; init; } = "public";

    internal void Validate() => PostgreSqlSettingsValidation.Validate(ConnectionString, Schema);
}
