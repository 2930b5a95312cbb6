namespace Actors.Configuration.Hocon;

/// <summary>A syntax error: the document is not valid HOCON, or an include could not be read.</summary>
public sealed class HoconParseException : HoconException
{
    public HoconParseException(HoconOrigin origin, string message, Exception? innerException = null)
        : base(origin, message, innerException)
    {
    }
}
