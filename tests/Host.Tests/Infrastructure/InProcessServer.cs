using Actors.Configuration;
using Actors.Host.Hosting;
using Actors.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Host.Tests.Infrastructure;


/// <summary>
/// The serve application on ASP.NET Core's test server: the real pipeline and store, no sockets. Memory-only and
/// 4 shards unless the HOCON says otherwise; the data directory is a fresh temporary one.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private InProcessServer(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _dataDirectory;

    public static async Task<InProcessServer> StartAsync(string hocon = "", bool waitForReady = true, string? dataDirectory = null)
    {
        dataDirectory ??= TempDirectory.Create("inproc");
        var configuration = ActorsConfiguration.FromHocon(
            $"store {{ shards = 4, durability = none, data-dir = \"{dataDirectory}\" }}\nhost.dashboard.refresh = 200ms\n{hocon}");
        var settings = HostSettings.FromConfiguration(configuration, environment: _ => null);
        var builder = ServeApplication.CreateBuilder(configuration, settings, TextWriter.Null);
        builder.WebHost.UseTestServer();
        var app = ServeApplication.Configure(builder.Build());
        await app.StartAsync();
        var server = new InProcessServer(app, dataDirectory);
        if (waitForReady)
        {
            await server.Services.GetRequiredService<IManagedStateStore>().WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        TempDirectory.Delete(_dataDirectory);
    }
}
