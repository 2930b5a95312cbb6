namespace Actors.Persistence.PostgreSql;

/// <summary>The tables of one store (journal or snapshot store) and the schema version they make up.</summary>
/// <param name="Component">The store's row in <c>schema_version</c>; several stores may share one schema.</param>
/// <param name="Version">The only version this build reads and writes.</param>
/// <param name="Tables">The tables the store owns.</param>
/// <param name="CreateStatements">Creates those tables in the given (quoted) schema.</param>
internal sealed record PostgreSqlSchemaDefinition(string Component, int Version, string[] Tables, Func<string, string> CreateStatements);
