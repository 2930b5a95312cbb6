namespace Actors.Host.Resp.Protocol;

/// <summary>
/// The most a single frame may hold. They bound the memory one connection can make the server buffer before a
/// command is complete: a frame beyond them is refused as soon as its header says so, before its bytes arrive.
/// </summary>
public sealed record RespLimits
{
    /// <summary>Longest bulk string (one argument).</summary>
    public int MaxBulkBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Most arguments in one command.</summary>
    public int MaxArguments { get; init; } = 100_000;

    /// <summary>Most bytes of arguments in one command, all arguments together.</summary>
    public long MaxCommandBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Longest inline command (a line of words, as typed into telnet) and longest header line.</summary>
    public int MaxInlineBytes { get; init; } = 64 * 1024;
}
