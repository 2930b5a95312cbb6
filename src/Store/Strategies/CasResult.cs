namespace Actors.Store.Strategies;

/// <summary>
/// The answer to a compare-and-set: whether it wrote, and the key's version afterwards (the new version on
/// success, the current one — 0 for a key never written — on a mismatch).
/// </summary>
public readonly record struct CasResult(bool Succeeded, long Version);
