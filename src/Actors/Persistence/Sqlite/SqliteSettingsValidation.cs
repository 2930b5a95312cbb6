namespace Actors.Persistence.Sqlite;

/// <summary>Checks shared by the SQLite journal's and snapshot store's settings.</summary>
internal static class SqliteSettingsValidation
{
    public static string DatabasePath(string dataDirectory, string fileName) =>
        Path.GetFullPath(Path.Combine(dataDirectory, fileName));

    public static void ValidateLocation(string dataDirectory, string fileName)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException("DataDirectory must name a folder for the database file; it is empty.");
        }

        if (string.IsNullOrWhiteSpace(fileName) || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException($"FileName must be a plain file name (no folders); it is '{fileName}'.");
        }

        // ":memory:" and "file:" URIs would bypass the file checks that protect foreign files.
        if (fileName.StartsWith(':') || fileName.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"FileName must name a file on disk; '{fileName}' is a SQLite special name.");
        }
    }

    public static void ValidateBusyTimeout(TimeSpan busyTimeout)
    {
        if (busyTimeout < TimeSpan.Zero || busyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"BusyTimeout must be between 0 and {int.MaxValue} ms; it is {busyTimeout}.");
        }
    }
}
