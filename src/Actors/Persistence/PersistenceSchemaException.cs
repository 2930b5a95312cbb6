namespace Actors.Persistence;

/// <summary>
/// A store's database cannot be used: it is not a database of the expected kind, it was written by a
/// newer version of this software, or it holds tables this software did not create.
/// </summary>
/// <remarks>The store leaves such a database exactly as it found it.</remarks>
public sealed class PersistenceSchemaException : Exception
{
    public PersistenceSchemaException(string location, string problem, Exception? innerException = null)
        : base($"Cannot use '{location}': {problem}", innerException)
    {
        Location = location;
        Problem = problem;
    }

    /// <summary>The database file, or the PostgreSQL schema, that was refused.</summary>
    public string Location { get; }

    /// <summary>What is wrong with it, and what would be accepted.</summary>
    public string Problem { get; }
}
