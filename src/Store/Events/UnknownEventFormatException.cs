namespace Actors.Store;

/// <summary>
/// The journal holds an event (or snapshot) in a format this build does not read — typically written by a newer
/// version. Recovery stops rather than guess; nothing is overwritten.
/// </summary>
public sealed class UnknownEventFormatException(string manifest, string where, IReadOnlyList<string> known)
    : StoreException(
        $"{where} is in format '{manifest}', which this build cannot read (it reads {string.Join(", ", known)}). " +
        "It was probably written by a newer version of the store; run that version, or restore a backup. Nothing was changed.")
{
    /// <summary>The unknown format.</summary>
    public string Manifest { get; } = manifest;
}
