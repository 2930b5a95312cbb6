using Microsoft.Data.Sqlite;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// One SQLite database file: checks that it is one before anything opens it, and opens connections to it
/// with the settings every store connection needs.
/// </summary>
internal sealed class SqliteDatabase
{
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    private readonly string _pooled;
    private readonly string _unpooled;
    private readonly string _readOnly;
    private readonly string _pragmas;

    public SqliteDatabase(string path, SqliteDurability durability, TimeSpan busyTimeout)
    {
        Path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        _pooled = builder.ToString();
        builder.Pooling = false;
        _unpooled = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadOnly;
        _readOnly = builder.ToString();

        // Per connection, so applied at every open: a pooled connection may be fresh. Checkpoints every 4000
        // pages rather than SQLite's 1000: a page that several commits changed is copied back to the file
        // once per checkpoint, and each checkpoint flushes the disk.
        string synchronous = durability == SqliteDurability.Strict ? "FULL" : "NORMAL";
        _pragmas = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = 4000;";
    }

    public string Path { get; }

    /// <summary>
    /// Refuses, without opening it through SQLite, a file that exists and is not a SQLite database: SQLite
    /// would otherwise treat some files (an empty one, say) as a new database and write to them.
    /// </summary>
    public void ThrowIfNotSqliteFile()
    {
        if (Directory.Exists(Path))
        {
            throw new PersistenceSchemaException(Path, "it is a folder; a database file path is expected.");
        }

        if (!File.Exists(Path))
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceSchemaException(Path, $"the file cannot be read ({e.Message}).", e);
        }

        // SQLite itself initializes an empty file as a new database; nothing is lost by letting it.
        if (read == 0)
        {
            return;
        }

        if (read < header.Length || !header.SequenceEqual(Header))
        {
            throw new PersistenceSchemaException(
                Path,
                "the file is not a SQLite database (it does not begin with the SQLite header). It was left untouched: " +
                "move it away, or configure a data directory or file name where a database can be created.");
        }
    }

    /// <summary>Whether the file exists and holds anything, so that its schema must be checked before use.</summary>
    public bool HasContent => File.Exists(Path) && new FileInfo(Path).Length > 0;

    /// <summary>A pooled connection, for reads and occasional writes.</summary>
    public SqliteConnection OpenPooled() => Open(_pooled);

    /// <summary>A connection of its own, for the long-lived group commit writer.</summary>
    public SqliteConnection OpenDedicated() => Open(_unpooled);

    /// <summary>A read-only connection that cannot change the file, for inspecting a database before using it.</summary>
    public SqliteConnection OpenReadOnly()
    {
        var connection = new SqliteConnection(_readOnly);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sets WAL mode, which lasts in the file: readers then never block the writer, nor it them.</summary>
    public static void EnableWriteAheadLog(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteScalar();
    }

    /// <summary>Releases the pooled connections to the file, so that it can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_pooled);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
