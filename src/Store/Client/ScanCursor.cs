using System.Buffers.Text;
using System.Text;

namespace Actors.Store.Client;

/// <summary>
/// The opaque continuation of a scan: the shard to continue in and the last key returned there, base64url-encoded
/// with a version prefix so that the format can change without misreading old cursors.
/// </summary>
internal readonly record struct ScanCursor(int Shard, string? AfterKey)
{
    private const string Version = "c1";

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}\n{Shard}\n{AfterKey}"));

    public static ScanCursor Decode(string cursor, int shards)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new InvalidCursorException(cursor, "it is not base64url");
        }

        var parts = text.Split('\n', 3);
        if (parts.Length != 3 || parts[0] != Version)
        {
            throw new InvalidCursorException(cursor, "it was not made by this store");
        }

        if (!int.TryParse(parts[1], out var shard) || shard < 0 || shard >= shards)
        {
            throw new InvalidCursorException(cursor, $"its shard is not between 0 and {shards - 1}");
        }

        return new ScanCursor(shard, parts[2].Length == 0 ? null : parts[2]);
    }
}
