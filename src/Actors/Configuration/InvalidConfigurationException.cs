namespace Actors.Configuration;

/// <summary>
/// A setting has a value the component cannot use. The message names the setting in HOCON form
/// (<c>actors.mailboxes.bounded-mailbox.mailbox-capacity</c>), the value found, and what is accepted.
/// It is thrown at start-up, when the settings are read, never later.
/// </summary>
public sealed class InvalidConfigurationException(string path, string message)
    : Exception($"Invalid configuration at {path}: {message}")
{
    /// <summary>The setting, as a HOCON path.</summary>
    public string Path { get; } = path;
}
