namespace Actors.Store;

/// <summary>
/// The outcome of an atomic batch: either every operation applied (<see cref="Results"/> holds each one's version),
/// or none did because the operation at <see cref="FailedIndex"/> did not match its expected version.
/// </summary>
public sealed record BatchResult(bool Applied, int? FailedIndex, IReadOnlyList<long> Results, long? CurrentVersionAtFailure);
