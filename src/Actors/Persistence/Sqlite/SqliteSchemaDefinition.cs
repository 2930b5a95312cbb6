namespace Actors.Persistence.Sqlite;

/// <summary>
/// The tables of one store (journal or snapshot store) and the schema version they make up.
/// </summary>
/// <param name="Component">The store's row in <c>schema_version</c>; several stores may share one file.</param>
/// <param name="Version">The only version this build reads and writes.</param>
/// <param name="Tables">The tables the store owns.</param>
/// <param name="CreateStatements">Creates those tables, in an empty database or next to another store's.</param>
internal sealed record SqliteSchemaDefinition(string Component, int Version, string[] Tables, string CreateStatements);
