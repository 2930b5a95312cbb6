using System.Text;

namespace Actors.Persistence.Sqlite;

/// <summary>
/// Decodes a UTF-8 text column, reusing the previous row's string when the bytes are the same: a replay
/// reads the same few manifests and writer ids over and over, and need not allocate each again.
/// </summary>
internal sealed class SqliteRecentText
{
    private byte[] _bytes = [];
    private string _text = string.Empty;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (!utf8.SequenceEqual(_bytes))
        {
            _bytes = utf8.ToArray();
            _text = Encoding.UTF8.GetString(utf8);
        }

        return _text;
    }
}
