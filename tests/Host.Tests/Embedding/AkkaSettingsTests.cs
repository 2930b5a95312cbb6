using Actors.Configuration;
using Actors.Configuration.Hocon;
using Actors.Host.Tests.Infrastructure;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Actors.Host.Tests.Embedding;

using Akka.Actor;

/// <summary>
/// <c>akka.*</c> settings written in a user's HOCON file reach the actor system the store runs in — the one
/// <c>AddActorStore</c> builds for <c>serve</c> — unchanged, over the settings the store adds itself.
/// </summary>
public sealed class AkkaSettingsTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("akka-settings");

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task A_dispatcher_throughput_a_journal_setting_and_a_mailbox_id_from_the_users_file_reach_the_actor_system()
    {
        var file = Path.Combine(_directory, "app.conf");
        await File.WriteAllTextAsync(file, $$"""
            akka.actor.default-dispatcher.throughput = 7
            # A setting of the store's own journal, whose other settings the store generates.
            akka.persistence.journal.actors-store.replay-batch-size = 250
            # A mailbox of the user's own, which the shards then run in.
            akka.actor.shard-mailbox {
              mailbox-type = "Actors.Dispatch.BoundedAnsweringMailbox, Actors"
              mailbox-capacity = 200
              overflow-policy = reject
            }
            # The product's own mailbox, overridden.
            akka.actor.bounded-answering-mailbox.mailbox-capacity = 50
            store {
              shards = 2
              data-dir = "{{_directory}}/data"
              mailbox = akka.actor.shard-mailbox
            }
            """);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(ActorsConfiguration.Build(file, environment: new Dictionary<string, string>()));
        builder.Services.AddActorStore(builder.Configuration, options => options.WaitForRecovery = true);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var config = system.Settings.Config;

            Assert.Equal(7, config.GetInt("akka.actor.default-dispatcher.throughput"));
            Assert.Equal(7, system.Dispatchers.Lookup("akka.actor.default-dispatcher").Throughput);

            Assert.Equal(250, config.GetInt("akka.persistence.journal.actors-store.replay-batch-size"));
            // Merged key by key with what the store generates for its journal, not replacing it.
            Assert.Equal($"Data Source={Path.Combine(_directory, "data", "store-journal.db")}", config.GetString("akka.persistence.journal.actors-store.connection-string"));

            Assert.Equal("Actors.Dispatch.BoundedAnsweringMailbox, Actors", config.GetString("akka.actor.shard-mailbox.mailbox-type"));
            Assert.Equal(200, config.GetInt("akka.actor.shard-mailbox.mailbox-capacity"));
            Assert.NotNull(system.Mailboxes.Lookup("akka.actor.shard-mailbox"));
            Assert.Equal(50, config.GetInt("akka.actor.bounded-answering-mailbox.mailbox-capacity"));

            // The store runs with them, on the mailbox the file named.
            var store = host.Services.GetRequiredService<ActorStateStore>();
            Assert.Equal("akka.actor.shard-mailbox", store.Settings.Mailbox);
            Assert.True((await store.SetAsync("k", new byte[] { 1 })).Created);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void The_mailbox_reference_conf_documents_is_the_one_the_store_adds_to_any_actor_system()
    {
        // The store adds its mailbox as a fallback to systems not configured from reference.conf; both must agree.
        var added = HoconConfig.Parse(StoreActorSystem.StoreConfiguration(new StoreSettings { Durability = Durability.None }), HoconOptions.NoEnvironment)
            .GetObject("akka.actor.bounded-answering-mailbox");
        var documented = ActorsConfiguration.ReferenceConfig.GetObject("akka.actor.bounded-answering-mailbox");
        Assert.Equal(Settings(added), Settings(documented));
        Assert.Equal(4, Settings(documented).Length);
    }

    private static string[] Settings(HoconObject mailbox) =>
        [.. mailbox.Keys.Order(StringComparer.Ordinal).Select(key => $"{key} = {HoconRenderer.ToJson(mailbox[key], indented: false)}")];
}
