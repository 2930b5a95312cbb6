namespace Actors.Configuration.Hocon;

/// <summary>
/// The base of every error raised by the HOCON parser, the substitution resolver and the typed getters.
/// </summary>
/// <remarks>
/// When the error has a location, <see cref="Exception.Message"/> starts with <c>source:line:column:</c> so that it can be
/// pasted next to the file; <see cref="Origin"/> gives the same location in structured form.
/// </remarks>
public class HoconException : Exception
{
    public HoconException(string message)
        : base(message)
    {
    }

    public HoconException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public HoconException(HoconOrigin origin, string message, Exception? innerException = null)
        : base($"{origin}: {message}", innerException)
    {
        Origin = origin;
    }

    /// <summary>Where the error was found, when it is tied to a place in a document.</summary>
    public HoconOrigin? Origin { get; }
}
