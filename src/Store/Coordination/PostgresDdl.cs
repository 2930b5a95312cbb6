using Npgsql;

namespace Actors.Store.Coordination;

/// <summary>The coordination tables' shared DDL: quoted names, and a table created by whichever host starts first.</summary>
internal static class PostgresDdl
{
    /// <summary>A PostgreSQL identifier in double quotes, any quote in it doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary><c>{schema}.{table}</c>, quoted.</summary>
    public static string Table(string schema, string table) => $"{Quote(schema)}.{Quote(table)}";

    /// <summary>Creates the schema and the table if they do not exist; another host creating them at the same moment is not an error.</summary>
    public static async Task CreateTableAsync(NpgsqlConnection connection, string schema, string table, string columns, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}; CREATE TABLE IF NOT EXISTS {Table(schema, table)} ({columns});", connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
        {
            // Two hosts raced to create it (IF NOT EXISTS is not atomic across sessions): it exists.
        }
    }
}
