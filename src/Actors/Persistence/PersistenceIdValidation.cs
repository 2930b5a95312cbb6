namespace Actors.Persistence;

/// <summary>The one rule for persistence ids, shared by every type that takes one.</summary>
internal static class PersistenceIdValidation
{
    public static void ThrowIfInvalid(string persistenceId, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(persistenceId))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(persistenceId, parameterName);
        if (persistenceId.Length == 0)
        {
            throw new ArgumentException("A persistence id must not be empty.", parameterName);
        }

        // PostgreSQL's text type cannot hold NUL, and SQLite would store it but compare it unlike .NET does:
        // rejecting it here keeps both backends agreeing on which ids exist.
        if (persistenceId.Contains('\0'))
        {
            throw new ArgumentException("A persistence id must not contain the NUL character.", parameterName);
        }
    }
}
