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

    /// <summary>Runs a query and tells whether it returned a row; resets the statement.</summary>
    public bool Exists()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException error = LastError(rc);
            raw.sqlite3_reset(_statement);
            throw error;
        }

        raw.sqlite3_reset(_statement);
        return rc == raw.SQLITE_ROW;
    }

    /// <summary>Runs a query that returns one integer; resets the statement.</summary>
    public long ReadInt64()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_ROW)
        {
            SqliteException error = LastError(rc);
            raw.sqlite3_reset(_statement);
            throw error;
        }

        long value = raw.sqlite3_column_int64(_statement, 0);
        raw.sqlite3_reset(_statement);
        return value;
    }

    /// <summary>Runs a query and hands each row's first two columns, a text and an integer, to <paramref name="row"/>.</summary>
    public void ForEach(Action<string, long> row)
    {
        int rc;
        while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
        {
            row(raw.sqlite3_column_text(_statement, 0).utf8_to_string(), raw.sqlite3_column_int64(_statement, 1));
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException error = LastError(rc);
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
