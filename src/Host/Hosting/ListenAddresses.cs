using System.Net;
using Actors.Configuration;

namespace Actors.Host.Hosting;

/// <summary>
/// Keeps the server on loopback unless told otherwise: a store with no authentication on a public interface is one
/// typo away from an open database, so anything but <c>127.0.0.0/8</c>, <c>::1</c> or <c>localhost</c> needs
/// <c>host.allow-non-loopback = on</c>.
/// </summary>
internal static class ListenAddresses
{
    public static void Validate(IReadOnlyList<string> urls, bool allowNonLoopback)
    {
        if (urls.Count == 0)
        {
            throw new InvalidConfigurationException("host.urls", "no address to listen on; e.g. http://127.0.0.1:5080.");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/")
            {
                throw new InvalidConfigurationException("host.urls", $"'{url}' is not a listen address; expected scheme://host:port such as http://127.0.0.1:5080 (several separated by ';').");
            }

            if (!allowNonLoopback && !IsLoopback(uri))
            {
                throw new InvalidConfigurationException(
                    "host.allow-non-loopback",
                    $"'{url}' is not a loopback address. The server listens on loopback only unless host.allow-non-loopback = on " +
                    "(then also set host.auth.bearer-token or ACTORS_HOST_TOKEN).");
            }
        }
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
