using Npgsql;

namespace Actors.Persistence.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: the one named by ACTORS_TEST_POSTGRES, which scripts/test.sh
/// starts. Every test gets a schema of its own, so tests run in parallel without seeing each other.
/// </summary>
public static class TestPostgres
{
    public const string ConnectionVariable = "ACTORS_TEST_POSTGRES";
    public const string SkipVariable = "ACTORS_SKIP_POSTGRES";

    public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";

    public static string ConnectionString
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable(ConnectionVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{ConnectionVariable} is not set, so the PostgreSQL tests have no server. Run the suite with scripts/test.sh, which starts a private " +
                    $"PostgreSQL (installing it if needed) and sets {ConnectionVariable}; or start one yourself with eval \"$(scripts/postgres.sh start)\"; " +
                    $"or set {SkipVariable}=1 to skip these tests.");
            }

            return value;
        }
    }

    /// <summary>A fresh, unique schema name; the store creates the schema.</summary>
    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N");

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
