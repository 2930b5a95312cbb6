using System.Runtime.CompilerServices;

namespace Actors.Persistence;

/// <summary>
/// The rules for the text the stores keep (persistence ids, manifests, writer ids), shared by every type
/// that takes them, so that both backends accept exactly the same values and store them unchanged.
/// </summary>
internal static class StoredText
{
    public static void ThrowIfInvalidPersistenceId(string persistenceId, [CallerArgumentExpression(nameof(persistenceId))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(persistenceId, parameterName);
        if (persistenceId.Length == 0)
        {
            throw new ArgumentException("A persistence id must not be empty.", parameterName);
        }

        ThrowIfNotStorable(persistenceId, parameterName);
    }

    /// <summary>
    /// Refuses NUL, which PostgreSQL's text type cannot hold, and unpaired surrogates, which have no UTF-8
    /// form: SQLite would store a replacement character instead and Npgsql would fail the whole batch.
    /// </summary>
    public static void ThrowIfNotStorable(string text, [CallerArgumentExpression(nameof(text))] string? parameterName = null)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        ReadOnlySpan<char> span = text;
        if (span.Contains('\0'))
        {
            throw new ArgumentException("The text must not contain the NUL character.", parameterName);
        }

        int surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate < 0)
        {
            return;
        }

        for (int i = surrogate; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                throw new ArgumentException($"The text has an unpaired surrogate at index {i}, which cannot be stored as UTF-8.", parameterName);
            }
        }
    }
}
