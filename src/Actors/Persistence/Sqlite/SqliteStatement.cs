using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// A statement prepared once on a connection and executed many times, bound straight through SQLite's C
/// API: the group commit writer's hot path, where ADO.NET's per-execution reader and boxed parameters
/// would cost more than the insert itself.
/// </summary>
/// <remarks>Not thread-safe; must be disposed before its connection is closed.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            throw LastError(rc);
        }
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void Bind(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty
            ? raw.sqlite3_bind_zeroblob(_statement, index, 0) // an empty span would bind NULL
            : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to completion and resets it for the next execution.</summary>
    /// <exception cref="SqliteException">SQLite failed; the statement is reset all the same.</exception>
    public void Execute()
    {
        int rc;
        while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
        {
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException error = LastError(rc); // read before the reset, which may replace the message
            raw.sqlite3_reset(_statement);
            throw error;
        }

        raw.sqlite3_reset(_statement);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw LastError(rc);
        }
    }

    private SqliteException LastError(int rc) =>
        new(
            $"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.",
            rc,
            raw.sqlite3_extended_errcode(_db));
}
