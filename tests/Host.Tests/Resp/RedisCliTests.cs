using System.Diagnostics;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Resp;

/// <summary>Debian's redis-cli against a real serve: it starts, and the commands answer as they would from Redis.</summary>
public sealed class RedisCliTests(RespServe server) : IClassFixture<RespServe>
{
    [Fact]
    public async Task Redis_cli_runs_commands_with_redis_answers()
    {
        Assert.Equal("PONG", await CliAsync("PING"));
        Assert.Equal("OK", await CliAsync("SET", "cli:k", "hello", "EX", "100"));
        Assert.Equal("hello", await CliAsync("GET", "cli:k"));
        Assert.InRange(long.Parse(await CliAsync("TTL", "cli:k"), System.Globalization.CultureInfo.InvariantCulture), 95, 100);
        Assert.Equal("1", await CliAsync("PERSIST", "cli:k"));
        Assert.Equal("-1", await CliAsync("TTL", "cli:k"));
        Assert.Equal("-2", await CliAsync("TTL", "cli:missing"));
        Assert.Equal("5", await CliAsync("INCRBY", "cli:n", "5"));
        Assert.Equal("4", await CliAsync("DECR", "cli:n"));
        Assert.Equal("ERR value is not an integer or out of range", await CliAsync("INCR", "cli:k"));
        Assert.Equal("1", await CliAsync("EXPIRE", "cli:n", "100"));
        Assert.Equal("0", await CliAsync("EXPIRE", "cli:n", "200", "NX"));
        Assert.Equal("2", await CliAsync("EXISTS", "cli:k", "cli:n", "cli:missing"));
        Assert.Equal("2", await CliAsync("DEL", "cli:k", "cli:n"));
        Assert.Equal("", await CliAsync("GET", "cli:k"));
        Assert.StartsWith("ERR unknown command 'LPUSH'", await CliAsync("LPUSH", "cli:list", "a"));
    }

    [Fact]
    public async Task Redis_cli_scans_and_reads_info_and_dbsize()
    {
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal("OK", await CliAsync("SET", $"cli:scan:{i}", "v"));
        }

        var keys = (await CliAsync("--scan", "--pattern", "cli:scan:*")).Split('\n');
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"cli:scan:{i}").Order(), keys.Order());
        Assert.True(long.Parse(await CliAsync("DBSIZE"), System.Globalization.CultureInfo.InvariantCulture) >= 25);
        var info = await CliAsync("INFO");
        Assert.Contains("# Keyspace", info);
        Assert.Contains("# Stats", info);
        Assert.Contains("# Persistence", info);
        Assert.Contains($"tcp_port:{server.Port}", info);
    }

    [Fact]
    public async Task Redis_cli_reads_a_script_of_commands_including_a_transaction()
    {
        var output = await CliScriptAsync("SET {cli}a 1\nMULTI\nINCR {cli}a\nSET {cli}b x\nEXEC\nMGET {cli}a {cli}b\n");
        Assert.Equal(["OK", "OK", "QUEUED", "QUEUED", "2", "OK", "2", "x"], output.Split('\n'));
    }

    [Fact]
    public async Task Redis_cli_speaks_resp3_after_hello()
    {
        var output = await CliAsync("-3", "HELLO", "3");
        Assert.Contains("proto", output);
        Assert.Contains("3", output);
    }

    private Task<string> CliAsync(params string[] arguments) => CliScriptAsync(null, arguments);

    private async Task<string> CliScriptAsync(string? stdin, params string[] arguments)
    {
        var info = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-cli did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"redis-cli exited {process.ExitCode}: {await error}");
        return (await output).TrimEnd('\n');
    }
}
