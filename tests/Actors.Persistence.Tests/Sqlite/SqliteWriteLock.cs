using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Tests.Sqlite;

/// <summary>Holds a SQLite file's write lock from a connection of its own until disposed.</summary>
internal sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteWriteLock(SqliteConnection connection) => _connection = connection;

    public static SqliteWriteLock Take(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return new SqliteWriteLock(connection);
    }

    public ValueTask DisposeAsync()
    {
        using (SqliteCommand rollback = _connection.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
