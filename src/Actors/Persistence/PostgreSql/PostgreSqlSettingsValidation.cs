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
        ValidateIdentifier(schema, "Schema");
    }

    /// <summary>Admits only plain names, which are safe to splice into SQL text; the message names the setting.</summary>
    public static void ValidateIdentifier(string name, string setting)
    {
        if (name is null || !PlainIdentifier().IsMatch(name))
        {
            throw new ArgumentException(
                $"{setting} must be a plain PostgreSQL identifier (a letter or underscore, then letters, digits or underscores, at most 63 characters); it is '{name}'.");
        }
    }

    /// <summary>A name quoted for SQL text; safe because <see cref="ValidateIdentifier"/> admitted it.</summary>
    public static string Quote(string identifier) => $"\"{identifier}\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainIdentifier();
}
