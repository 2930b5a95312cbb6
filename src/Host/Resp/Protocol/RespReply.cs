using System.Text;

namespace Actors.Host.Resp.Protocol;

/// <summary>
/// One reply, built by a command and encoded later by <see cref="RespReplyWriter"/> in the connection's protocol
/// version (RESP2 or RESP3, which differ in nulls and maps). Values read from the store are referenced, not copied.
/// </summary>
public readonly struct RespReply
{
    private RespReply(RespReplyKind kind, long integer = 0, string? text = null, ReadOnlyMemory<byte> bulk = default, IReadOnlyList<RespReply>? items = null)
    {
        Kind = kind;
        Integer = integer;
        Text = text;
        Bulk = bulk;
        Items = items;
    }

    public RespReplyKind Kind { get; }

    public long Integer { get; }

    /// <summary>The text of a simple string or an error (an error's starts with its code, e.g. <c>ERR</c>).</summary>
    public string? Text { get; }

    public ReadOnlyMemory<byte> Bulk { get; }

    /// <summary>The items of an array, or a map's keys and values alternating.</summary>
    public IReadOnlyList<RespReply>? Items { get; }

    public static RespReply Ok { get; } = Simple("OK");

    public static RespReply Queued { get; } = Simple("QUEUED");

    public static RespReply Null { get; } = new(RespReplyKind.Null);

    public static RespReply NullArray { get; } = new(RespReplyKind.NullArray);

    public static RespReply EmptyArray { get; } = new(RespReplyKind.Array, items: []);

    public bool IsError => Kind == RespReplyKind.Error;

    public static RespReply Simple(string text) => new(RespReplyKind.Simple, text: text);

    /// <summary>An error; <paramref name="codeAndMessage"/> starts with the code (<c>ERR</c>, <c>CROSSSLOT</c>, <c>NOAUTH</c>…).</summary>
    public static RespReply Error(string codeAndMessage) => new(RespReplyKind.Error, text: codeAndMessage);

    public static RespReply Integer64(long value) => new(RespReplyKind.Integer, integer: value);

    public static RespReply BulkBytes(ReadOnlyMemory<byte> value) => new(RespReplyKind.Bulk, bulk: value);

    public static RespReply BulkText(string value) => new(RespReplyKind.Bulk, bulk: Encoding.UTF8.GetBytes(value));

    public static RespReply Array(IReadOnlyList<RespReply> items) => new(RespReplyKind.Array, items: items);

    /// <summary>A map; <paramref name="keysAndValues"/> alternate key, value.</summary>
    public static RespReply Map(IReadOnlyList<RespReply> keysAndValues)
    {
        if (keysAndValues.Count % 2 != 0)
        {
            throw new ArgumentException("A map needs a value for every key.", nameof(keysAndValues));
        }

        return new RespReply(RespReplyKind.Map, items: keysAndValues);
    }

    public override string ToString() => Kind switch
    {
        RespReplyKind.Simple or RespReplyKind.Error => Text!,
        RespReplyKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RespReplyKind.Bulk => Encoding.UTF8.GetString(Bulk.Span),
        RespReplyKind.Array or RespReplyKind.Map => $"[{string.Join(", ", Items!)}]",
        _ => "(nil)",
    };
}
