using System.Net;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>
/// A real <c>serve</c> with its Redis-protocol listener on a free port (<c>store.resp.port = auto</c>), shared by the
/// tests of one class. The port is the one the server reports on its "resp listening on" line.
/// </summary>
public class RespServe : IAsyncLifetime
{
    private ServeProcess? _serve;

    public ServeProcess Serve => _serve ?? throw new InvalidOperationException("Not started.");

    public IPEndPoint Endpoint { get; private set; } = null!;

    public int Port => Endpoint.Port;

    /// <summary>Extra <c>-D</c> settings of the server.</summary>
    protected virtual IEnumerable<string> Defines => [];

    /// <summary>Extra environment of the server (e.g. its token).</summary>
    protected virtual IDictionary<string, string>? Environment => null;

    public async Task InitializeAsync()
    {
        _serve = await ServeProcess.StartAsync(["store.resp.port=auto", "store.durability=none", .. Defines], environment: Environment);
        var line = await _serve.WaitForLineAsync(l => l.StartsWith("resp listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Endpoint = IPEndPoint.Parse(line["resp listening on ".Length..]);
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }
}
