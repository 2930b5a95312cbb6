using Actors.Host.Cli;

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
