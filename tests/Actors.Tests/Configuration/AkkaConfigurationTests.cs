using Actors.Configuration;
using Actors.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Actors.Tests.Configuration;

using Akka.Actor;
using Akka.Configuration;

/// <summary>
/// <c>akka.*</c> settings written in our HOCON files reach Akka.NET unchanged, after our front end resolved what
/// Akka.NET's own parser cannot: includes, substitutions and environment variables.
/// </summary>
public sealed class AkkaConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("akka-config-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_dispatcher_throughput_in_our_file_is_the_one_Akka_runs_with()
    {
        var file = Write("app.conf", "akka.actor.default-dispatcher.throughput = 7");
        var config = AkkaConfiguration.FromConfiguration(ActorsConfiguration.Build(file, environment: new Dictionary<string, string>()));

        using var system = ActorSystem.Create("config-test", config);
        Assert.Equal(7, system.Dispatchers.Lookup("akka.actor.default-dispatcher").Throughput);
        await system.Terminate();
    }

    [Fact]
    public void Includes_substitutions_and_environment_variables_are_resolved_before_Akka_sees_them()
    {
        Write("base.conf", "timeouts { ask = 3s }");
        var file = Write("app.conf", """
            include "base.conf"
            akka.actor.ask-timeout = ${timeouts.ask}
            akka.loglevel = WARNING
            akka.loglevel = ${?AKKA_CONFIG_TEST_LOGLEVEL}
            akka.persistence.journal.sql.connection-string = "Host=db;Password=a\"b;Database=x"
            akka.loggers = ["Akka.Event.DefaultLogger, Akka"]
            akka.actor.serialization-bindings { "Actors.Example.Event, Actors.Example" = kv }
            """);
        // ${?VAR} reads the process's environment (a variable only this test uses).
        Environment.SetEnvironmentVariable("AKKA_CONFIG_TEST_LOGLEVEL", "ERROR");
        Config config;
        try
        {
            config = AkkaConfiguration.FromConfiguration(ActorsConfiguration.Build(file, environment: new Dictionary<string, string>()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AKKA_CONFIG_TEST_LOGLEVEL", null);
        }

        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal("ERROR", config.GetString("akka.loglevel"));
        Assert.Equal("Host=db;Password=a\"b;Database=x", config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(["Akka.Event.DefaultLogger, Akka"], config.GetStringList("akka.loggers"));
        Assert.Equal("kv", config.GetConfig("akka.actor.serialization-bindings").AsEnumerable().Single(kv => kv.Key == "Actors.Example.Event, Actors.Example").Value.GetString());
    }

    [Fact]
    public void An_environment_variable_under_akka_overrides_the_file()
    {
        var file = Write("app.conf", "akka.loglevel = INFO");
        var config = AkkaConfiguration.FromConfiguration(ActorsConfiguration.Build(file, environment: new Dictionary<string, string> { ["akka__loglevel"] = "DEBUG" }));
        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
    }

    [Fact]
    public void Without_akka_settings_of_the_users_Akka_gets_the_products_from_reference_conf_and_keeps_its_own_defaults()
    {
        var config = AkkaConfiguration.FromConfiguration(ActorsConfiguration.FromHocon("store.shards = 2"));
        Assert.Equal(1000, config.GetInt("akka.actor.bounded-answering-mailbox.mailbox-capacity"));
        Assert.Equal("Actors.Dispatch.BoundedAnsweringMailbox, Actors", config.GetString("akka.actor.bounded-answering-mailbox.mailbox-type"));
        var merged = config.WithFallback(ConfigurationFactory.Default());
        Assert.Equal(ConfigurationFactory.Default().GetInt("akka.actor.default-dispatcher.throughput"), merged.GetInt("akka.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public void Without_any_akka_section_the_config_is_empty()
    {
        var configuration = new ConfigurationBuilder().AddHoconConfig(HoconConfig.Parse("store.shards = 2")).Build();
        Assert.True(AkkaConfiguration.FromConfiguration(configuration).IsEmpty);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
