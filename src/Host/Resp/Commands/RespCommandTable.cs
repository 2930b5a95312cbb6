using System.Text;

namespace Actors.Host.Resp.Commands;

/// <summary>Every command this server knows, found by name (case-insensitive); anything else is an unknown command.</summary>
public sealed class RespCommandTable
{
    private readonly Dictionary<string, RespCommand> _byName;

    private RespCommandTable(IEnumerable<RespCommand> commands)
    {
        All = [.. commands];
        _byName = All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static RespCommandTable Default { get; } = new(
    [
        .. ConnectionCommands.All,
        .. StringCommands.All,
        .. KeyCommands.All,
        .. ShorthandCommands.All,
        .. CounterCommands.All,
        .. ExpiryCommands.All,
        .. ScanCommand.All,
        .. ServerCommands.All,
        .. TransactionCommands.All,
    ]);

    public IReadOnlyList<RespCommand> All { get; }

    /// <summary>The command named by <paramref name="name"/> (the request's first argument), or <see langword="null"/>.</summary>
    public RespCommand? Find(ReadOnlyMemory<byte> name)
    {
        // Command names are short ASCII words: anything else cannot name a command.
        if (name.Length is 0 or > 32 || !Ascii.IsValid(name.Span))
        {
            return null;
        }

        Span<char> text = stackalloc char[name.Length];
        Encoding.ASCII.GetChars(name.Span, text);
        return _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var command) ? command : null;
    }
}
