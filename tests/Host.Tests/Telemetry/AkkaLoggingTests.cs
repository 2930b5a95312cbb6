using Actors.Configuration;
using Actors.Store;
using Akka.Event;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Actors.Host.Tests.Telemetry;

/// <summary>Akka.NET's log reaches Microsoft.Extensions.Logging: one stream, with categories, dead letters rate-limited.</summary>
public sealed class AkkaLoggingTests
{
    [Fact]
    public async Task An_actor_s_log_and_Akka_s_dead_letters_reach_the_application_s_loggers_rate_limited()
    {
        var capture = new CapturingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(capture).SetMinimumLevel(LogLevel.Debug);
        builder.Configuration.AddConfiguration(ActorsConfiguration.FromHocon("""
            store { shards = 2, durability = none }
            akka.log-dead-letters = 3
            akka.log-dead-letters-during-shutdown = off
            """));
        builder.Services.AddActorStore(builder.Configuration, options => options.WaitForRecovery = true);
        using var host = builder.Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<Akka.Actor.ActorSystem>();

        var speaker = system.ActorOf(Akka.Actor.Props.Create(() => new Speaker()), "speaker");
        speaker.Tell("hello from an actor", Akka.Actor.ActorRefs.NoSender);
        await WaitUntilAsync(() => capture.Entries.Any(e => e.Message.Contains("hello from an actor", StringComparison.Ordinal)));
        var entry = capture.Entries.First(e => e.Message.Contains("hello from an actor", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("Speaker", entry.Category, StringComparison.Ordinal);

        // Twenty letters to nobody: three are logged one by one, then a single notice that the rest are not.
        var nobody = system.ActorSelection("/user/nobody");
        for (var i = 0; i < 20; i++)
        {
            nobody.Tell($"letter {i}", Akka.Actor.ActorRefs.NoSender);
        }

        await WaitUntilAsync(() => capture.Entries.Any(e => e.Message.Contains("no more dead letters will be logged", StringComparison.OrdinalIgnoreCase)));
        var letters = capture.Entries.Count(e => e.Message.Contains("letter ", StringComparison.Ordinal) && e.Message.Contains("was not delivered", StringComparison.Ordinal));
        Assert.InRange(letters, 1, 3);
        await host.StopAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 15 s");
            await Task.Delay(20);
        }
    }

    private sealed class Speaker : Akka.Actor.ReceiveActor
    {
        public Speaker() => Receive<string>(text => Akka.Event.Logging.GetLogger(Context).Info("{0}", text));
    }
}
