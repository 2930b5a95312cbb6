using System.Globalization;
using Npgsql;

namespace Actors.Persistence.PostgreSql;

/// <summary>
/// How the PostgreSQL journal checks a <see cref="WriteFence"/>: the batch runs, after its inserts, a call to a function
/// that locks the scope's fence row <c>FOR SHARE</c> and raises <see cref="FencedState"/> if the epoch differs (rolling
/// the batch back).
/// </summary>
/// <remarks>
/// <para>
/// The share lock is held until the batch commits, and an epoch bump (an UPDATE) must wait for it. So a write commits
/// only while its epoch is current, and once a bump has committed no write of the old epoch can: the old owner's writes
/// and its successor's cannot interleave. The check costs one statement per fenced write, in the batch's one round trip.
/// </para>
/// <para>
/// The function is created in <c>pg_temp</c> on the writer's connection whenever it is opened, so the journal leaves
/// nothing behind in the database and needs no schema change; it dies with the session. SQL raises no error that a
/// plain statement could carry our data in, hence a function.
/// </para>
/// </remarks>
internal sealed class PostgreSqlFence
{
    /// <summary>The SQLSTATE the check raises; its message is the current epoch, or <c>none</c> without a fence row.</summary>
    public const string FencedState = "AF001";

    private const string FunctionName = "pg_temp.actors_journal_fence";

    // Scope column types a text scope converts to, by pg_type.typname; anything else is refused at initialization.
    private static readonly Dictionary<string, string> ScopeTypes = new(StringComparer.Ordinal)
    {
        ["text"] = "text",
        ["varchar"] = "text",
        ["int2"] = "smallint",
        ["int4"] = "integer",
        ["int8"] = "bigint",
        ["uuid"] = "uuid",
    };

    private static readonly HashSet<string> EpochTypes = new(StringComparer.Ordinal) { "int2", "int4", "int8" };

    private static readonly HashSet<string> IntegerTypes = new(StringComparer.Ordinal) { "int2", "int4", "int8" };

    private PostgreSqlFence(string createFunction, bool integerScopes)
    {
        CreateFunction = createFunction;
        ScopeOrder = integerScopes ? NumericScopeOrder.Instance : StringComparer.Ordinal;
    }

    /// <summary>
    /// The order in which a batch takes its fence rows' share locks: numeric for an integer scope column, ordinal
    /// otherwise. Whoever moves several scopes in one transaction must update their rows in the same ascending order, or
    /// the two could deadlock (the store's cluster coordinator updates shards by ascending id).
    /// </summary>
    public IComparer<string> ScopeOrder { get; }

    /// <summary>Creates the check function; run on every new writer connection.</summary>
    public string CreateFunction { get; }

    /// <summary>Parameters $1 scope (text), $2 epoch (bigint).</summary>
    public string Check { get; } = $"SELECT {FunctionName}($1, $2)";

    /// <summary>Checks that the table exists with usable columns, and builds the statements for it.</summary>
    /// <exception cref="PersistenceSchemaException">The table or a column is missing, or a column has a type that cannot hold scopes or epochs.</exception>
    public static async Task<PostgreSqlFence> ResolveAsync(NpgsqlDataSource dataSource, PostgreSqlFenceTable table, CancellationToken cancellationToken)
    {
        string location = $"fence table {table.Schema}.{table.Table}";
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            SELECT a.attname, t.typname
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table.QualifiedName });
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (columns.Count == 0)
        {
            throw new PersistenceSchemaException(
                location,
                "the table does not exist. It belongs to whoever assigns the epochs (for the store's cluster, the cluster creates it when a node joins): " +
                "create it first, or check PostgreSqlJournalSettings.FenceTable.");
        }

        if (!columns.TryGetValue(table.ScopeColumn, out string? scopeType) || !ScopeTypes.TryGetValue(scopeType, out string? scopeCast))
        {
            throw new PersistenceSchemaException(
                location,
                scopeType is null
                    ? $"it has no column {table.ScopeColumn} (FenceTable.ScopeColumn)."
                    : $"its scope column {table.ScopeColumn} has type {scopeType}; a scope must be text, varchar, uuid or an integer type.");
        }

        if (!columns.TryGetValue(table.EpochColumn, out string? epochType) || !EpochTypes.Contains(epochType))
        {
            throw new PersistenceSchemaException(
                location,
                epochType is null
                    ? $"it has no column {table.EpochColumn} (FenceTable.EpochColumn)."
                    : $"its epoch column {table.EpochColumn} has type {epochType}; an epoch must be an integer type.");
        }

        string scope = PostgreSqlSettingsValidation.Quote(table.ScopeColumn);
        string epoch = PostgreSqlSettingsValidation.Quote(table.EpochColumn);
        // Parameters are positional ($1 scope, $2 epoch) so that they cannot clash with the table's column names.
        return new PostgreSqlFence(
            $"""
            CREATE OR REPLACE FUNCTION {FunctionName}(text, bigint) RETURNS void LANGUAGE plpgsql AS $fence$
            DECLARE found_epoch bigint;
            BEGIN
                SELECT {epoch} INTO found_epoch FROM {table.QualifiedName} WHERE {scope} = $1::{scopeCast} FOR SHARE;
                IF found_epoch IS DISTINCT FROM $2 THEN
                    RAISE EXCEPTION USING ERRCODE = '{FencedState}', MESSAGE = coalesce(found_epoch::text, 'none');
                END IF;
            END
            $fence$
            """,
            IntegerTypes.Contains(scopeType));
    }

    /// <summary>Whole numbers by value (so "9" before "10"); anything else after them, in ordinal order.</summary>
    private sealed class NumericScopeOrder : IComparer<string>
    {
        public static readonly NumericScopeOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            bool xIsNumber = long.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out long a);
            bool yIsNumber = long.TryParse(y, NumberStyles.Integer, CultureInfo.InvariantCulture, out long b);
            return (xIsNumber, yIsNumber) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
        }
    }

    /// <summary>The current epoch that a <see cref="FencedState"/> error reports; null when the scope has no fence row.</summary>
    public static long? CurrentEpochOf(PostgresException error) =>
        long.TryParse(error.MessageText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long current) ? current : null;
}
