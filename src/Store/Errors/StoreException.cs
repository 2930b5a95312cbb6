namespace Actors.Store;

/// <summary>The base of the store's errors; each says what was wrong and what is accepted.</summary>
public abstract class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected StoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
