using Npgsql;

namespace Actors.Testing;

/// <summary>
/// Holds every table of a PostgreSQL schema under an ACCESS EXCLUSIVE lock from another session, so that whatever the
/// store reads or writes there waits until <see cref="ReleaseAsync"/>: a journal held still, deterministically, to see
/// what the store does meanwhile (recovery held open, a write that cannot become durable in time). Whatever engine
/// the store runs on, it keeps its journal in tables of its schema, so the lock needs no knowledge of them.
/// </summary>
public sealed class PostgresTableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _released;

    private PostgresTableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, int tables)
    {
        _connection = connection;
        _transaction = transaction;
        Tables = tables;
    }

    /// <summary>How many tables the lock holds.</summary>
    public int Tables { get; }

    public static async Task<PostgresTableLock> AcquireAsync(string schema)
    {
        var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = $1", connection, transaction) { Parameters = { new() { Value = schema } } })
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.True(tables.Count > 0, $"schema {schema} has no tables to lock: start the store on it once first");
        foreach (var table in tables)
        {
            await using var lockTable = new NpgsqlCommand($"LOCK TABLE \"{schema}\".\"{table}\" IN ACCESS EXCLUSIVE MODE", connection, transaction);
            await lockTable.ExecuteNonQueryAsync();
        }

        return new PostgresTableLock(connection, transaction, tables.Count);
    }

    /// <summary>Lets the waiting statements through.</summary>
    public async Task ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            await _transaction.CommitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>A fresh schema name for one test.</summary>
    public static string NewSchema(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
