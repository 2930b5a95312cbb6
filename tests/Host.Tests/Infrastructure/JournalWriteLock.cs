using Microsoft.Data.Sqlite;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// Holds the write lock of a SQLite database from a connection of its own (<c>BEGIN IMMEDIATE</c>), as a stand-in for a
/// disk that cannot keep up: a store journaling there applies what it is sent but commits nothing until the lock is
/// released. Hold it for less than the store's busy timeout, or its writes fail instead of waiting.
/// </summary>
internal sealed class JournalWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private bool _released;

    private JournalWriteLock(SqliteConnection connection) => _connection = connection;

    public static async Task<JournalWriteLock> TakeAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return new JournalWriteLock(connection);
    }

    public async Task ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            await using var rollback = _connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
