namespace Actors.Host.Resp.Protocol;

/// <summary>The shapes of reply this server sends.</summary>
public enum RespReplyKind
{
    /// <summary><c>+OK</c></summary>
    Simple,

    /// <summary><c>-ERR …</c>: the text starts with the error code.</summary>
    Error,

    /// <summary><c>:42</c></summary>
    Integer,

    /// <summary><c>$5 hello</c></summary>
    Bulk,

    /// <summary>A missing value: RESP2 <c>$-1</c>, RESP3 <c>_</c>.</summary>
    Null,

    /// <summary>A missing array (an aborted EXEC): RESP2 <c>*-1</c>, RESP3 <c>_</c>.</summary>
    NullArray,

    /// <summary><c>*n</c> followed by its items.</summary>
    Array,

    /// <summary>Key-value pairs: RESP3 <c>%n</c>; RESP2 an array of 2n items.</summary>
    Map,
}
