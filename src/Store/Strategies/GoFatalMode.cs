namespace Actors.Store.Strategies;

/// <summary>What <see cref="GoMapGuard"/> does when it catches overlapping access.</summary>
public enum GoFatalMode
{
    /// <summary>Throw <see cref="GoFatalError"/>: the lab can count it and go on.</summary>
    Throw,

    /// <summary>
    /// Kill the process with <see cref="Environment.FailFast(string)"/>, as Go's runtime does: no
    /// <c>catch</c>, no <c>finally</c>, no shutdown hook runs. Only for a child process started to show this.
    /// </summary>
    FailFast,
}
