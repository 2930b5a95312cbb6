using System.Text.Unicode;
using Actors.Store;

namespace Actors.Host.Http;

/// <summary>A store entry as JSON: values that are UTF-8 text as <c>value</c>, other bytes as <c>valueBase64</c>.</summary>
internal static class EntryJson
{
    public static EntryResponse From(StoreEntry entry, bool includeValue)
    {
        string? text = null;
        string? base64 = null;
        if (includeValue)
        {
            var span = entry.Value.Span;
            if (Utf8.IsValid(span))
            {
                text = System.Text.Encoding.UTF8.GetString(span);
            }
            else
            {
                base64 = Convert.ToBase64String(span);
            }
        }

        return new EntryResponse(entry.Key, entry.Version, entry.ExpiresAt, entry.ContentType, text, base64);
    }
}
