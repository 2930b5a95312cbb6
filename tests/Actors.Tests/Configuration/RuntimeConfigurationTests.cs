using Actors.Configuration;
using Actors.Configuration.Hocon;
using Actors.Mailboxes;
using Microsoft.Extensions.Configuration;

namespace Actors.Tests.Configuration;

public sealed class RuntimeConfigurationTests
{
    private static ActorSystemSettings Settings(string hocon) => ActorSystemSettings.FromConfiguration(ActorsConfiguration.FromHocon(hocon));

    [Fact]
    public void Reference_conf_gives_the_same_settings_as_the_code_defaults()
    {
        var fromReference = Settings(string.Empty);
        var code = new ActorSystemSettings();
        Assert.Equal(code.AskTimeout, fromReference.AskTimeout);
        Assert.Equal(code.LogDeadLetters, fromReference.LogDeadLetters);
        Assert.Equal(code.LogDeadLettersSuspendDuration, fromReference.LogDeadLettersSuspendDuration);
        Assert.Equal(code.Dispatchers["default-dispatcher"], fromReference.Dispatchers["default-dispatcher"]);
        Assert.Equal(code.Mailboxes["default-mailbox"], fromReference.Mailboxes["default-mailbox"]);
        Assert.Equal(code.Mailboxes["bounded-mailbox"], fromReference.Mailboxes["bounded-mailbox"]);
        Assert.True(fromReference.CoordinatedShutdown.RunByProcessExit);
        Assert.Equal(TimeSpan.FromSeconds(10), fromReference.CoordinatedShutdown.TimeoutOf("drain"));
    }

    [Fact]
    public void Runtime_settings_come_from_HOCON()
    {
        var settings = Settings("""
            actors {
              ask-timeout = 750ms
              dispatchers.fast { throughput = 5, throughput-deadline-time = 20ms }
              mailboxes.tiny { mailbox-type = bounded, mailbox-capacity = 2, mailbox-push-timeout-time = 1s, overflow-policy = drop-oldest }
              coordinated-shutdown { run-by-process-exit = off, phases.flush.timeout = 42s }
            }
            """);
        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.AskTimeout);
        Assert.Equal(5, settings.Dispatchers["fast"].Throughput);
        Assert.Equal(TimeSpan.FromMilliseconds(20), settings.Dispatchers["fast"].ThroughputDeadline);
        Assert.Equal(MailboxSettings.Bounded(2, OverflowPolicy.DropOldest, TimeSpan.FromSeconds(1)), settings.Mailboxes["tiny"]);
        Assert.False(settings.CoordinatedShutdown.RunByProcessExit);
        Assert.Equal(TimeSpan.FromSeconds(42), settings.CoordinatedShutdown.TimeoutOf("flush"));
    }

    [Theory]
    [InlineData("actors.ask-timeout = banana", "actors.ask-timeout", "'banana'", "duration")]
    [InlineData("actors.ask-timeout = 0s", "actors.ask-timeout", "'0s'", "positive duration")]
    [InlineData("actors.mailboxes.m { mailbox-type = bounded, overflow-policy = drop-newest }", "actors.mailboxes.m.overflow-policy", "'drop-newest'", "backpressure, reject, drop-oldest")]
    [InlineData("actors.mailboxes.m { mailbox-type = infinite }", "actors.mailboxes.m.mailbox-type", "'infinite'", "unbounded, bounded")]
    [InlineData("actors.mailboxes.m { mailbox-type = bounded, mailbox-capacity = 0 }", "actors.mailboxes.m.mailbox-capacity", "'0'", "from 1")]
    [InlineData("actors.dispatchers.d.throughput = -3", "actors.dispatchers.d.throughput", "'-3'", "from 1")]
    [InlineData("actors.coordinated-shutdown.run-by-process-exit = maybe", "actors.coordinated-shutdown.run-by-process-exit", "'maybe'", "on/off")]
    [InlineData("actors.coordinated-shutdown.phases.unbind.timeout = 1s", "actors.coordinated-shutdown.phases.unbind", "unknown phase", "stop-accepting")]
    public void A_bad_setting_fails_at_start_naming_the_setting_the_value_and_what_is_accepted(string hocon, string path, string value, string accepted)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Settings(hocon));
        Assert.Equal(path, error.Path);
        Assert.Contains(value, error.Message);
        Assert.Contains(accepted, error.Message);
    }

    [Fact]
    public void A_malformed_file_fails_at_start_with_file_line_and_column()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "actors {\n  ask-timeout = 5s\n");
        try
        {
            var error = Assert.ThrowsAny<HoconException>(() => ActorsConfiguration.Build(file));
            Assert.Contains(Path.GetFileName(file), error.Message);
            Assert.Contains(":3:", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_user_file_is_a_clear_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ActorsConfiguration.Build("/no/such/app.conf"));
        Assert.Contains("/no/such/app.conf", error.Message);
    }

    [Fact]
    public void Precedence_is_reference_then_user_file_then_environment_then_command_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"app-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "actors { ask-timeout = 2s, log-dead-letters = 3, test.timefactor = 2, test.default-timeout = 9s }");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["actors__test__timefactor"] = "5",
                ["actors__log-dead-letters"] = "6",
                ["PATH"] = "/usr/bin",
            };
            var configuration = new ConfigurationBuilder()
                .AddHoconConfig(ActorsConfiguration.LoadHocon(
                    file, ["actors.log-dead-letters=4", "actors.test.default-timeout=${actors.ask-timeout}"], environment))
                .Build();

            Assert.Equal("30", configuration["actors:dispatchers:default-dispatcher:throughput"]); // reference
            Assert.Equal("2s", configuration["actors:ask-timeout"]);                               // user file
            Assert.Equal("5", configuration["actors:test:timefactor"]);                            // environment over the file
            Assert.Equal("4", configuration["actors:log-dead-letters"]);                           // -D over the environment
            Assert.Equal("2s", configuration["actors:test:default-timeout"]);                      // a -D substitution sees the file's value
            Assert.Null(configuration["PATH"]);                                                    // unrelated variables stay out
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("store.shards=16", "store.shards = 16")]
    [InlineData("store.data-dir=/var/lib/store", "store.data-dir = \"/var/lib/store\"")]
    [InlineData("cluster.url=http://127.0.0.1:5080", "cluster.url = \"http://127.0.0.1:5080\"")]
    [InlineData("a.b=5s", "a.b = 5s")]
    public void Overrides_become_HOCON_with_values_quoted_where_needed(string overrideText, string expected)
    {
        Assert.Equal(expected, ActorsConfiguration.OverridesToHocon([overrideText]));
    }

    [Fact]
    public void A_malformed_override_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ActorsConfiguration.OverridesToHocon(["no-equals-sign"]));
        Assert.Contains("key=value", error.Message);
    }

    [Fact]
    public async Task A_mailbox_defined_in_HOCON_is_used_by_actors_that_name_it()
    {
        await using var system = ActorSystem.Create("hocon-mailbox", ActorsConfiguration.FromHocon(
            "actors.mailboxes.one { mailbox-type = bounded, mailbox-capacity = 1, overflow-policy = reject }"));
        var gate = new TaskCompletionSource();
        var actor = system.ActorOf(Props.Create(() => new Blocking(gate.Task)).WithMailbox("one"));
        await actor.TellAsync("block");
        await WaitUntil(() => ((LocalActorRef)actor).Cell.Mailbox.Count == 0);
        await actor.TellAsync("queued");
        await Assert.ThrowsAsync<MailboxFullException>(async () => await actor.TellAsync("refused"));
        gate.SetResult();
    }

    [Fact]
    public async Task The_ask_timeout_from_HOCON_applies()
    {
        await using var system = ActorSystem.Create("hocon-ask", ActorsConfiguration.FromHocon("actors.ask-timeout = 60ms"));
        var silent = system.ActorOf(Props.Create(() => new Blocking(Task.CompletedTask)));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>(1));
        Assert.Equal(TimeSpan.FromMilliseconds(60), error.Timeout);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition());
    }

    private sealed class Blocking : ReceiveActor
    {
        public Blocking(Task gate)
        {
            ReceiveAsync<string>(_ => gate);
            Receive<int>(_ => { });
        }
    }
}

public sealed class HoconConfiguredTestKitTests() : TestKit.TestKit("actors.test { timefactor = 2, single-expect-default = 1s }")
{
    [Fact]
    public void The_TestKit_takes_its_timeouts_from_HOCON()
    {
        if (Environment.GetEnvironmentVariable(TestKit.TestKitSettings.TimeFactorVariable) is null)
        {
            Assert.Equal(2, TestKitSettings.TimeFactor);
            Assert.Equal(TimeSpan.FromSeconds(2), RemainingOrDefault);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), TestKitSettings.SingleExpectDefault);
    }
}
