using System.Text.RegularExpressions;
using Npgsql;

namespace Actors.Persistence.PostgreSql;

/// <summary>Checks shared by the PostgreSQL journal's and snapshot store's settings.</summary>
internal static partial class PostgreSqlSettingsValidation
{
    public static void Validate(string connectionString, string schema)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("ConnectionString must be an Npgsql connection string; it is empty.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"ConnectionString is not a valid Npgsql connection string: {e.Message}", e);
        }

        // The schema name is spliced into SQL text (identifiers cannot be parameters), so only plain names pass.
        if (schema is null || !PlainIdentifier().IsMatch(schema))
        {
            throw new ArgumentException(
                $"Schema must be a plain PostgreSQL identifier (a letter or underscore, then letters, digits or underscores, at most 63 characters); it is '{schema}'.");
        }
    }

    /// <summary>The schema name quoted for SQL text; safe because <see cref="Validate"/> admitted it.</summary>
    public static string Quote(string schema) => $"\"{schema}\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainIdentifier();
}
