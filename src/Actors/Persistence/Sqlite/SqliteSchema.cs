using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// Creates a store's tables in a database that lacks them, and refuses databases it does not understand
/// without changing them.
/// </summary>
/// <remarks>
/// Every store records its schema version in the <c>schema_version</c> table. A database is refused when
/// that version is not this build's, when its tables exist without a version (someone else's tables), or
/// when it is not a SQLite database at all.
/// </remarks>
internal static class SqliteSchema
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private const string VersionTable = "schema_version";

    public static void EnsureCreated(SqliteDatabase database, SqliteSchemaDefinition schema)
    {
        database.ThrowIfNotSqliteFile();

        // First look through a read-only connection: nothing that could write to the file (such as the switch
        // to WAL mode) happens before the file is known to be usable.
        if (database.HasContent)
        {
            using SqliteConnection readOnly = OpenChecked(database, database.OpenReadOnly);
            if (Inspect(readOnly, database.Path, schema))
            {
                return;
            }
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(database.Path)!);
        using SqliteConnection connection = OpenChecked(database, database.OpenDedicated);
        Guard(database.Path, () => SqliteDatabase.EnableWriteAheadLog(connection));
        Guard(database.Path, () =>
        {
            Execute(connection, "BEGIN IMMEDIATE;");
            try
            {
                // Again under the write lock: another process may have created the tables meanwhile.
                if (!Inspect(connection, database.Path, schema))
                {
                    Execute(connection, $"CREATE TABLE IF NOT EXISTS {VersionTable} (component TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL);");
                    Execute(connection, schema.CreateStatements);
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.CommandText = $"INSERT INTO {VersionTable} (component, version) VALUES ($component, $version);";
                    insert.Parameters.AddWithValue("$component", schema.Component);
                    insert.Parameters.AddWithValue("$version", schema.Version);
                    insert.ExecuteNonQuery();
                }

                Execute(connection, "COMMIT;");
            }
            catch
            {
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    try
                    {
                        Execute(connection, "ROLLBACK;");
                    }
                    catch (SqliteException)
                    {
                        // The failure already ended the transaction.
                    }
                }

                throw;
            }
        });
    }

    /// <summary>
    /// True when the store's tables are present at this build's version; false when the database has none
    /// of them yet. Throws for anything else.
    /// </summary>
    private static bool Inspect(SqliteConnection connection, string path, SqliteSchemaDefinition schema)
    {
        return Guard(path, () =>
        {
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (SqliteCommand list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
                using SqliteDataReader reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            string[] present = schema.Tables.Where(tables.Contains).ToArray();
            if (!tables.Contains(VersionTable))
            {
                if (tables.Count > 0)
                {
                    throw new PersistenceSchemaException(
                        path,
                        $"the database holds tables ({string.Join(", ", tables.Order(StringComparer.Ordinal))}) but no {VersionTable} table, so it was not created by this software. " +
                        "It was left untouched: configure a file of its own for the store.");
                }

                return false;
            }

            long? version;
            using (SqliteCommand read = connection.CreateCommand())
            {
                read.CommandText = $"SELECT version FROM {VersionTable} WHERE component = $component;";
                read.Parameters.AddWithValue("$component", schema.Component);
                version = read.ExecuteScalar() is long v ? v : null;
            }

            if (version is null)
            {
                if (present.Length > 0)
                {
                    throw new PersistenceSchemaException(
                        path,
                        $"the database has tables named like the {schema.Component}'s ({string.Join(", ", present)}) but no {schema.Component} version in {VersionTable}; " +
                        "they were not created by this software. It was left untouched.");
                }

                return false;
            }

            if (version != schema.Version)
            {
                string which = version > schema.Version ? "newer than" : "older than";
                throw new PersistenceSchemaException(
                    path,
                    $"its {schema.Component} schema is version {version}, {which} the version {schema.Version} this build reads and writes, and there is no conversion. " +
                    "It was left untouched: run a build that matches it, or configure another file.");
            }

            string[] missing = schema.Tables.Where(t => !tables.Contains(t)).ToArray();
            if (missing.Length > 0)
            {
                throw new PersistenceSchemaException(
                    path,
                    $"its {VersionTable} records {schema.Component} version {version}, but table(s) {string.Join(", ", missing)} are missing. It was left untouched.");
            }

            return true;
        });
    }

    private static SqliteConnection OpenChecked(SqliteDatabase database, Func<SqliteConnection> open) =>
        Guard(database.Path, open);

    private static void Guard(string path, Action action) => Guard(path, () =>
    {
        action();
        return 0;
    });

    /// <summary>Turns SQLite's "not a database" and "corrupt" errors into a refusal that names the file.</summary>
    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new PersistenceSchemaException(
                path,
                $"SQLite cannot read it as a database ({e.Message}). It was left untouched: move it away or configure another file.",
                e);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
