using Actors.Store.Configuration;
using Actors.Store.Hosting;

namespace Actors.Store.Tests.Api;

using Akka.Actor;
using Akka.Configuration;

/// <summary>
/// An Akka.NET actor system with a store on it, in a private data directory, torn down (and deleted) after the test.
/// Its akkaHocon adds Akka settings (a mailbox definition, say).
/// </summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private StoreHarness(ActorSystem system, ActorStateStore store, string directory, bool ownsDirectory)
    {
        System = system;
        Store = store;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public ActorSystem System { get; }

    public ActorStateStore Store { get; }

    public string Directory { get; }

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "store-tests", Guid.NewGuid().ToString("N"));

    public static async Task<StoreHarness> StartAsync(StoreSettings? settings = null, string? akkaHocon = null, string? directory = null)
    {
        var ownsDirectory = directory is null;
        directory ??= NewDirectory();
        settings ??= new StoreSettings { Durability = Durability.None };
        settings = settings with { DataDirectory = directory };
        var config = ConfigurationFactory.ParseString((akkaHocon ?? string.Empty) + "\nakka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off");
        var system = StoreActorSystem.Create("store-test", config);
        try
        {
            var store = await ActorStateStore.StartAsync(system, settings).WaitAsync(TimeSpan.FromSeconds(30));
            return new StoreHarness(system, store, directory, ownsDirectory);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Stops the system (the store flushes and stops with it), keeping the data directory.</summary>
    public async Task StopAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Stops, and deletes the data directory if the harness chose it (a test that passed one keeps it).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            DeleteDirectory(Directory);
        }
    }

    public static void DeleteDirectory(string directory)
    {
        if (global::System.IO.Directory.Exists(directory))
        {
            global::System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
