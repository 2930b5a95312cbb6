using System.Text;

namespace Actors.Host.Resp.Protocol;

/// <summary>
/// One command as a client sent it: its arguments, the first being the command's name. The bytes are the request's
/// own copy (one array for the whole frame), so a request outlives the read buffer it was parsed from — a command
/// queued inside MULTI keeps it until EXEC.
/// </summary>
public sealed class RespRequest
{
    private readonly ReadOnlyMemory<byte>[] _arguments;

    public RespRequest(ReadOnlyMemory<byte>[] arguments)
    {
        if (arguments.Length == 0)
        {
            throw new ArgumentException("A request has at least its command's name.", nameof(arguments));
        }

        _arguments = arguments;
    }

    /// <summary>Arguments including the command's name (<c>this[0]</c>).</summary>
    public int Count => _arguments.Length;

    public ReadOnlyMemory<byte> this[int index] => _arguments[index];

    /// <summary>The command's name in upper case (names are case-insensitive).</summary>
    public string Name => Encoding.ASCII.GetString(_arguments[0].Span).ToUpperInvariant();

    /// <summary>Argument <paramref name="index"/> as text (lossy for invalid UTF-8; keys are decoded strictly by the commands).</summary>
    public string Text(int index) => Encoding.UTF8.GetString(_arguments[index].Span);

    /// <summary>Whether argument <paramref name="index"/> is <paramref name="word"/>, ignoring ASCII case.</summary>
    public bool Is(int index, string word) => Ascii.EqualsIgnoreCase(_arguments[index].Span, word);

    /// <summary>Builds a request from text, for tests and for commands the server issues itself.</summary>
    public static RespRequest FromText(params string[] arguments) =>
        new([.. arguments.Select(a => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(a))]);
}
