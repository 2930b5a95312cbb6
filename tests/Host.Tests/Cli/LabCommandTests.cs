using System.Text.Json;
using Actors.Host.Cli;

namespace Actors.Host.Tests.Cli;

public sealed class LabCommandTests
{
    private static async Task<(int Exit, string Error)> Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = await HostCommandLine.RunAsync(args, new StringWriter(), error);
        return (exit, error.ToString());
    }

    [Fact]
    public async Task Bench_runs_the_chosen_strategies_and_writes_JSON_with_each_strategys_name_and_correctness()
    {
        var directory = Directory.CreateTempSubdirectory("bench-").FullName;
        try
        {
            var json = Path.Combine(directory, "bench.json");
            var html = Path.Combine(directory, "bench.html");
            var (exit, error) = await Run("bench", "--strategies", "locked,actor", "--duration", "300ms", "--json", json, "--html", html);
            Assert.True(exit == 0, error);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var results = document.RootElement.GetProperty("results").EnumerateArray().ToArray();
            Assert.Equal(["locked", "actor"], results.Select(r => r.GetProperty("strategy").GetString()));
            Assert.All(results, r => Assert.Equal(JsonValueKind.Object, r.GetProperty("correctness").ValueKind));
            var page = await File.ReadAllTextAsync(html);
            Assert.Contains("<script", page);
            Assert.Contains("\"strategy\":\"actor\"", page.Replace(" ", string.Empty, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scenarios_runs_one_scenario_against_the_chosen_strategies()
    {
        var directory = Directory.CreateTempSubdirectory("scenarios-").FullName;
        try
        {
            var json = Path.Combine(directory, "scenarios.json");
            var (exit, error) = await Run("scenarios", "--name", "write-write", "--strategies", "locked,actor", "--json", json, "--html", Path.Combine(directory, "s.html"));
            Assert.True(exit == 0, error);
            var text = await File.ReadAllTextAsync(json);
            Assert.Contains("write-write", text);
            Assert.Contains("actor", text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("bench", "--strategies", "nope")]
    [InlineData("bench", "--duration", "forever")]
    [InlineData("bench", "--workload", "heavy-metal")]
    [InlineData("scenarios", "--name", "no-such-scenario")]
    public async Task Bad_lab_arguments_are_usage_errors(params string[] args)
    {
        var (exit, error) = await Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
    }
}
