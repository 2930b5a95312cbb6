using System.Net;
using System.Net.Http.Headers;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.EndToEnd;

/// <summary>The serve command's start-up: help, refusals with exit codes, the token from the environment.</summary>
[Collection(ServeProcessCollection.Name)]
public sealed class ServeCommandLineTests
{
    [Fact]
    public async Task Help_explains_the_options_with_their_defaults()
    {
        var (exit, output, _) = await ServeProcess.RunToExitAsync(["serve", "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("--urls", output);
        Assert.Contains("http://127.0.0.1:5080", output);
        Assert.Contains("--define", output);
        Assert.Contains("./data", output);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (exit, _, error) = await ServeProcess.RunToExitAsync(["serve", "--port", "80"]);
        Assert.Equal(2, exit);
        Assert.Contains("--port", error);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0", "host.allow-non-loopback")]
    [InlineData("not-a-url", "host.urls")]
    public async Task A_listen_address_that_is_not_allowed_exits_1_naming_the_setting(string urls, string setting)
    {
        var (exit, _, error) = await ServeProcess.RunToExitAsync(["serve", "--urls", urls]);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(setting, error);
    }

    [Fact]
    public async Task A_port_in_use_exits_1_with_one_line()
    {
        await using var first = await ServeProcess.StartAsync();
        var (exit, _, error) = await ServeProcess.RunToExitAsync(["serve", "--urls", first.BaseAddress.ToString().TrimEnd('/'), "-D", $"store.data-dir={first.DataDirectory}-second"]);
        Assert.Equal(1, exit);
        Assert.Contains(error.Split('\n'), line => line.StartsWith("error: cannot listen on", StringComparison.Ordinal));
        TempDirectory.Delete(first.DataDirectory + "-second");
    }

    [Fact]
    public async Task A_malformed_setting_exits_1_before_listening()
    {
        var (exit, output, error) = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0", "-D", "store.durability=sometimes"]);
        Assert.Equal(1, exit);
        Assert.Contains("store.durability", error);
        Assert.DoesNotContain("listening", output);
    }

    [Fact]
    public async Task A_store_that_cannot_start_exits_1_with_the_reason()
    {
        var dataDirectory = TempDirectory.Create("mismatch");
        try
        {
            await using (var first = await ServeProcess.StartAsync(["store.shards=4"], dataDirectory))
            {
                Assert.Equal(HttpStatusCode.Created, (await first.Client.PutAsync("/v1/kv/k", new StringContent("v"))).StatusCode);
                Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
            }

            var (exit, _, error) = await ServeProcess.RunToExitAsync(["serve", "--urls", "http://127.0.0.1:0", "-D", $"store.data-dir={dataDirectory}", "-D", "store.shards=8"]);
            Assert.Equal(1, exit);
            Assert.Contains("error: the store cannot start", error);
            Assert.Contains("store.shards = 4", error);
        }
        finally
        {
            TempDirectory.Delete(dataDirectory);
        }
    }

    [Fact]
    public async Task The_token_from_ACTORS_HOST_TOKEN_protects_everything_but_health()
    {
        const string token = "token-from-the-environment-0123";
        await using var serve = await ServeProcess.StartAsync(environment: new Dictionary<string, string> { ["ACTORS_HOST_TOKEN"] = token });
        Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Client.GetAsync("/v1/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync("/health/ready")).StatusCode);
        var authorized = new HttpRequestMessage(HttpMethod.Get, "/v1/stats");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.SendAsync(authorized)).StatusCode);
    }

    private const string BeyondLoopbackWarning = "warning: listening beyond loopback without a bearer token";

    [Fact]
    public async Task Listening_beyond_loopback_without_a_token_warns_on_stderr_and_with_one_does_not()
    {
        await using (var open = await ServeProcess.StartAsync(["host.allow-non-loopback=on"], urls: "http://0.0.0.0:0"))
        {
            await WaitForErrorsAsync(open, BeyondLoopbackWarning);
            Assert.Contains("host.auth.bearer-token", open.Errors);
        }

        const string token = "token-for-the-open-listener-0123";
        await using var guarded = await ServeProcess.StartAsync(
            ["host.allow-non-loopback=on"], environment: new Dictionary<string, string> { ["ACTORS_HOST_TOKEN"] = token }, urls: "http://0.0.0.0:0");

        // The warning would come before the store's first log line on the same stream.
        await WaitForErrorsAsync(guarded, "Store ready");
        Assert.DoesNotContain(BeyondLoopbackWarning, guarded.Errors);
    }

    [Fact]
    public async Task Listening_on_loopback_without_a_token_does_not_warn()
    {
        await using var serve = await ServeProcess.StartAsync();
        await WaitForErrorsAsync(serve, "Store ready");
        Assert.DoesNotContain(BeyondLoopbackWarning, serve.Errors);
    }

    private static async Task WaitForErrorsAsync(ServeProcess serve, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!serve.Errors.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"serve never wrote \"{text}\" on stderr: {serve.Errors}");
            await Task.Delay(20);
        }
    }
}
