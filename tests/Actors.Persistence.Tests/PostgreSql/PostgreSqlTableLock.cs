using Npgsql;

namespace Actors.Persistence.Tests.PostgreSql;

/// <summary>Holds a lock that blocks inserts into a table, from a connection of its own, until disposed.</summary>
internal sealed class PostgreSqlTableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private PostgreSqlTableLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<PostgreSqlTableLock> TakeAsync(string qualifiedTable)
    {
        var connection = new NpgsqlConnection(Infrastructure.TestPostgres.ConnectionString);
        await connection.OpenAsync();
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync();

        // SHARE mode conflicts with the ROW EXCLUSIVE lock every INSERT takes.
        await using var command = new NpgsqlCommand($"LOCK TABLE {qualifiedTable} IN SHARE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new PostgreSqlTableLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
