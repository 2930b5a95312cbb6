using Npgsql;

namespace Actors.Persistence.PostgreSql;

/// <summary>
/// Creates a store's tables in a PostgreSQL schema that lacks them, and refuses schemas it does not
/// understand without changing them.
/// </summary>
/// <remarks>
/// Every store records its schema version in the schema's <c>schema_version</c> table. A schema is refused
/// when that version is not this build's, or when tables with the store's names exist without a version
/// (someone else's tables). Other tables in the schema are none of the store's business.
/// </remarks>
internal static class PostgreSqlSchema
{
    // Serializes concurrent initializations in one database: CREATE ... IF NOT EXISTS alone races on the catalog.
    private const long InitializationLockKey = 0x4163746f72735053; // "ActorsPS"

    public static async Task EnsureCreatedAsync(
        NpgsqlDataSource dataSource,
        string schema,
        PostgreSqlSchemaDefinition definition,
        CancellationToken cancellationToken)
    {
        string quoted = PostgreSqlSettingsValidation.Quote(schema);
        string location = $"PostgreSQL schema {schema} ({Describe(dataSource)})";

        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", cancellationToken, InitializationLockKey).ConfigureAwait(false);

        bool schemaExists = await ScalarAsync<bool>(
            connection, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", cancellationToken, schema).ConfigureAwait(false);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        if (schemaExists)
        {
            await using var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", connection);
            list.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            await using NpgsqlDataReader reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        string[] present = definition.Tables.Where(tables.Contains).ToArray();
        int? version = null;
        if (tables.Contains("schema_version"))
        {
            version = await ScalarAsync<int?>(
                connection, $"SELECT version FROM {quoted}.schema_version WHERE component = $1", cancellationToken, definition.Component).ConfigureAwait(false);
        }

        if (version is null)
        {
            if (present.Length > 0)
            {
                throw new PersistenceSchemaException(
                    location,
                    $"it has tables named like the {definition.Component}'s ({string.Join(", ", present)}) but no {definition.Component} version in a schema_version table; " +
                    "they were not created by this software. They were left untouched: configure a schema of its own for the store.");
            }

            if (!schemaExists)
            {
                await ExecuteAsync(connection, $"CREATE SCHEMA {quoted}", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(
                connection,
                $"CREATE TABLE IF NOT EXISTS {quoted}.schema_version (component text NOT NULL PRIMARY KEY, version integer NOT NULL)",
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, definition.CreateStatements(quoted), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                $"INSERT INTO {quoted}.schema_version (component, version) VALUES ($1, $2)",
                cancellationToken,
                definition.Component,
                definition.Version).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (version != definition.Version)
        {
            string which = version > definition.Version ? "newer than" : "older than";
            throw new PersistenceSchemaException(
                location,
                $"its {definition.Component} schema is version {version}, {which} the version {definition.Version} this build reads and writes, and there is no conversion. " +
                "It was left untouched: run a build that matches it, or configure another schema.");
        }

        string[] missing = definition.Tables.Where(t => !tables.Contains(t)).ToArray();
        if (missing.Length > 0)
        {
            throw new PersistenceSchemaException(
                location,
                $"its schema_version records {definition.Component} version {version}, but table(s) {string.Join(", ", missing)} are missing. It was left untouched.");
        }
    }

    private static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }
}
