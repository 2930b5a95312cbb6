namespace Actors.Host.Cli;

/// <summary>Base URLs of running hosts given on the command line (<c>bench --targets</c>, <c>cluster probe --targets</c>).</summary>
internal static class TargetUrls
{
    /// <summary>Comma-separated absolute http(s) base URLs, at least one; null when the option is absent.</summary>
    /// <exception cref="FormatException">A part is not a base URL, or there is none.</exception>
    public static IReadOnlyList<Uri>? Parse(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var urls = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.PathAndQuery != "/")
            {
                throw new FormatException($"{option}: '{part}' is not a host's base URL; expected http://host:port or https://host:port, comma-separated.");
            }

            urls.Add(url);
        }

        return urls.Count > 0 ? urls : throw new FormatException($"{option}: expected at least one base URL, e.g. http://127.0.0.1:5080,http://127.0.0.1:5081.");
    }
}
