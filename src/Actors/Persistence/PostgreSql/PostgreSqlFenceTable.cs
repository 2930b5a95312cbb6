namespace Actors.Persistence.PostgreSql;

/// <summary>
/// The table that holds the current epoch of every fence scope, for <see cref="PostgreSqlJournalSettings.FenceTable"/>.
/// The journal only reads it: whoever moves ownership (the store's cluster coordinator) bumps the epochs.
/// </summary>
/// <remarks>
/// A batch share-locks the rows of its scopes in ascending order (numeric for an integer scope column, ordinal
/// otherwise); a transaction that bumps several epochs must update their rows in the same order, or it may deadlock
/// with a batch.
/// </remarks>
/// <param name="Schema">The table's schema.</param>
/// <param name="Table">The table; it must exist when the journal is initialized.</param>
/// <param name="ScopeColumn">The column <see cref="WriteFence.Scope"/> is matched against, ideally its primary key: text, uuid, or an integer type (the scope is converted).</param>
/// <param name="EpochColumn">The column with the scope's current epoch: an integer type.</param>
public sealed record PostgreSqlFenceTable(string Schema, string Table, string ScopeColumn, string EpochColumn)
{
    /// <summary>"schema"."table", for SQL text and messages.</summary>
    internal string QualifiedName => $"{PostgreSqlSettingsValidation.Quote(Schema)}.{PostgreSqlSettingsValidation.Quote(Table)}";

    internal void Validate()
    {
        // Every name is spliced into SQL text (identifiers cannot be parameters), so only plain names pass.
        PostgreSqlSettingsValidation.ValidateIdentifier(Schema, $"{nameof(PostgreSqlJournalSettings.FenceTable)}.{nameof(Schema)}");
        PostgreSqlSettingsValidation.ValidateIdentifier(Table, $"{nameof(PostgreSqlJournalSettings.FenceTable)}.{nameof(Table)}");
        PostgreSqlSettingsValidation.ValidateIdentifier(ScopeColumn, $"{nameof(PostgreSqlJournalSettings.FenceTable)}.{nameof(ScopeColumn)}");
        PostgreSqlSettingsValidation.ValidateIdentifier(EpochColumn, $"{nameof(PostgreSqlJournalSettings.FenceTable)}.{nameof(EpochColumn)}");
    }
}
