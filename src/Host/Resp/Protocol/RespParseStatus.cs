namespace Actors.Host.Resp.Protocol;

/// <summary>What <see cref="RespParser.TryParse"/> found at the start of the buffer.</summary>
public enum RespParseStatus
{
    /// <summary>A whole command: it was consumed from the buffer.</summary>
    Complete,

    /// <summary>The start of a command, not yet all of it: read more and try again (nothing was consumed).</summary>
    Incomplete,

    /// <summary>Bytes that are not a valid command: the stream cannot be resynchronised, so the connection closes after the error.</summary>
    Malformed,
}
