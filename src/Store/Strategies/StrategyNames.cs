namespace Actors.Store.Strategies;

/// <summary>The registered names of the strategies, and the catalogue order the lab presents them in.</summary>
public static class StrategyNames
{
    public const string Direct = "direct";
    public const string Locked = "locked";
    public const string ReaderWriterLocked = "rwlocked";
    public const string Striped = "striped";
    public const string Concurrent = "concurrent";
    public const string CopyOnWrite = "cow";
    public const string Actor = "actor";
    public const string ActorBounded = "actor-bounded";

    /// <summary>The unsynchronised map behind a Go-style write-flag guard (opt-in; not in the catalogue).</summary>
    public const string DirectGo = "direct-go";

    /// <summary>The eight strategies the lab compares, in the order it reports them.</summary>
    public static IReadOnlyList<string> Catalogue { get; } =
        [Direct, Locked, ReaderWriterLocked, Striped, Concurrent, CopyOnWrite, Actor, ActorBounded];
}
