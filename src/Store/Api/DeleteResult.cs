namespace Actors.Store;

/// <summary>
/// The outcome of a delete: <see cref="Deleted"/> when the key existed (and matched the expected version, if given);
/// <see cref="Version"/> is then the version of the deletion, otherwise the key's current version (0 if missing).
/// </summary>
public readonly record struct DeleteResult(bool Deleted, bool Existed, long Version);
