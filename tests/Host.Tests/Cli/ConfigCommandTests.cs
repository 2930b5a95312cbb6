using System.Text.Json;
using Actors.Host.Cli;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Cli;

public sealed class ConfigCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await HostCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Prints_the_resolved_configuration_as_HOCON()
    {
        var (exit, output, _) = await Run("config");
        Assert.Equal(0, exit);
        Assert.Contains("ask-timeout", output);
        Assert.Contains("bounded-mailbox", output);
    }

    [Fact]
    public async Task Prints_one_path_as_JSON_with_overrides_applied()
    {
        var (exit, output, _) = await Run("config", "actors.dispatchers", "--json", "-D", "actors.dispatchers.default-dispatcher.throughput=7");
        Assert.Equal(0, exit);
        Assert.Contains("\"throughput\": 7", output);
    }

    [Fact]
    public async Task Shows_where_each_value_came_from()
    {
        var file = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "actors.ask-timeout = 2s\n");
        try
        {
            var (exit, output, _) = await Run("config", "actors", "--origins", "--config", file, "-D", "actors.log-dead-letters=1");
            Assert.Equal(0, exit);
            Assert.Contains($"actors.ask-timeout = \"2s\"  # {file}:1", output);
            Assert.Contains("actors.log-dead-letters = 1", output);
            Assert.Contains("# -D overrides", output);
            Assert.Contains("# reference.conf:", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Prints_the_akka_section_as_HOCON_with_the_products_settings_and_the_stores_journal()
    {
        var (exit, output, _) = await Run("config", "-D", "store.data-dir=/var/lib/kv");
        Assert.Equal(0, exit);
        Assert.Contains("akka {", output);
        Assert.Contains("bounded-answering-mailbox {", output);
        Assert.Contains("run-by-clr-shutdown-hook = \"off\"", output);
        Assert.Contains("\"Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql\"", output);
        Assert.Contains("\"Data Source=/var/lib/kv/store-journal.db\"", output);
    }

    [Fact]
    public async Task Prints_the_akka_section_as_JSON_with_the_users_settings_over_the_products()
    {
        var file = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, """
            akka.actor.default-dispatcher.throughput = 7
            akka.persistence.journal.actors-store.replay-batch-size = 250
            akka.actor.bounded-answering-mailbox.mailbox-capacity = 50
            """);
        try
        {
            var (exit, output, _) = await Run("config", "--json", "--config", file);
            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(output);
            var akka = json.RootElement.GetProperty("akka");
            Assert.Equal(7, akka.GetProperty("actor").GetProperty("default-dispatcher").GetProperty("throughput").GetInt32());
            var mailbox = akka.GetProperty("actor").GetProperty("bounded-answering-mailbox");
            Assert.Equal(50, mailbox.GetProperty("mailbox-capacity").GetInt32());
            Assert.Equal("Actors.Dispatch.BoundedAnsweringMailbox, Actors", mailbox.GetProperty("mailbox-type").GetString());
            Assert.Equal("reject", mailbox.GetProperty("overflow-policy").GetString());
            var journal = akka.GetProperty("persistence").GetProperty("journal").GetProperty("actors-store");
            Assert.Equal(250, journal.GetProperty("replay-batch-size").GetInt32());
            Assert.Equal("akka.persistence.journal.actors-store", journal.GetProperty("plugin-id").GetString());
            Assert.Equal("actors-store", akka.GetProperty("actor").GetProperty("serialization-bindings").EnumerateObject().First().Value.GetString());
            // The rest is still there.
            Assert.Equal(16, json.RootElement.GetProperty("store").GetProperty("shards").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Shows_where_each_akka_value_came_from()
    {
        var (exit, output, _) = await Run("config", "akka", "--origins", "-D", "akka.loglevel=DEBUG");
        Assert.Equal(0, exit);
        Assert.Contains("akka.loglevel = \"DEBUG\"  # -D overrides", output);
        Assert.Contains("akka.actor.bounded-answering-mailbox.mailbox-capacity = 1000  # reference.conf:", output);
        Assert.Contains($"akka.persistence.journal.actors-store.auto-initialize = \"on\"  # {ConfigCommand.StoreOrigin}", output);
    }

    [Fact]
    public async Task Without_durability_the_store_adds_no_journal_and_a_clustered_host_adds_nothing()
    {
        var (exit, output, _) = await Run("config", "akka", "--json", "-D", "store.durability=none");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("SqlWriteJournal", output);
        Assert.Contains("actors-store", output);

        (exit, output, _) = await Run("config", "akka", "--json", "-D", "cluster.enabled=on", "-D", "cluster.node-name=a", "-D", "store.backend=postgresql",
            "-D", "store.postgresql.connection-string=Host=db", "-D", "cluster.advertised-url=http://10.0.0.5:5080");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("SqlWriteJournal", output);
        Assert.DoesNotContain("actors-store", output);
        Assert.Contains("bounded-answering-mailbox", output);
    }

    [Fact]
    public async Task Environment_variables_and_D_override_akka_settings_in_config_json_D_first()
    {
        var file = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, """
            akka.actor.default-dispatcher.throughput = 7
            akka.loglevel = INFO
            akka.actor.bounded-answering-mailbox.mailbox-capacity = 50
            """);
        try
        {
            // A real process, so that its environment is the test's to set.
            var (exit, output, error) = await ServeProcess.RunToExitAsync(
                ["config", "akka", "--json", "--config", file, "-D", "akka.loglevel=DEBUG"],
                new Dictionary<string, string>
                {
                    ["akka__actor__default-dispatcher__throughput"] = "11",
                    ["akka__loglevel"] = "WARNING",
                    ["akka__actor__bounded-answering-mailbox__overflow-policy"] = "backpressure",
                });
            Assert.True(exit == 0, error);
            using var json = JsonDocument.Parse(output);
            var actor = json.RootElement.GetProperty("actor");
            Assert.Equal(11, actor.GetProperty("default-dispatcher").GetProperty("throughput").GetInt32()); // environment > file
            Assert.Equal("DEBUG", json.RootElement.GetProperty("loglevel").GetString()); // -D > environment > file
            var mailbox = actor.GetProperty("bounded-answering-mailbox");
            Assert.Equal("backpressure", mailbox.GetProperty("overflow-policy").GetString()); // environment > reference.conf
            Assert.Equal(50, mailbox.GetProperty("mailbox-capacity").GetInt32()); // file > reference.conf
            Assert.Equal("10s", mailbox.GetProperty("mailbox-push-timeout-time").GetString()); // reference.conf
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_path_is_a_usage_error()
    {
        var (exit, _, error) = await Run("config", "no.such.thing");
        Assert.Equal(2, exit);
        Assert.Contains("There is no setting 'no.such.thing'", error);
    }

    [Fact]
    public async Task A_malformed_override_is_a_usage_error()
    {
        var (exit, _, error) = await Run("config", "-D", "store.shards");
        Assert.Equal(2, exit);
        Assert.Contains("expected key=value", error);
    }

    [Fact]
    public async Task A_missing_or_malformed_file_fails_with_one_readable_line()
    {
        var (exit, _, error) = await Run("config", "--config", "/no/such.conf");
        Assert.Equal(1, exit);
        Assert.StartsWith("error: The configuration file '/no/such.conf' does not exist", error);

        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "actors { ask-timeout = [1,,2] }");
        try
        {
            (exit, _, error) = await Run("config", "--config", file);
            Assert.Equal(1, exit);
            Assert.Contains($"{Path.GetFileName(file)}:1:", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var (exit, _, error) = await Run("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("frobnicate", error);
    }
}
