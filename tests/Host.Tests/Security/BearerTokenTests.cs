using System.Net;
using System.Net.Http.Headers;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Security;

/// <summary>With a token configured every endpoint but the health checks needs it; without one, none does.</summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef-secret";
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync($"host.auth.bearer-token = \"{Token}\"");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/v1/kv/x")]
    [InlineData("PUT", "/v1/kv/x")]
    [InlineData("DELETE", "/v1/kv/x")]
    [InlineData("POST", "/v1/kv/x/increment")]
    [InlineData("GET", "/v1/kv")]
    [InlineData("POST", "/v1/batch")]
    [InlineData("GET", "/v1/stats")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/dashboard/data")]
    [InlineData("GET", "/no/such/path")]
    public async Task Every_endpoint_but_health_is_401_without_the_token(string method, string path)
    {
        var response = await _server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("1") });
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_token_is_401_and_the_right_one_passes()
    {
        var wrong = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/guarded") { Content = new StringContent("v") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "0123456789abcdef-wrong!");
        await Problems.AssertProblemAsync(await _server.Client.SendAsync(wrong), HttpStatusCode.Unauthorized, "not valid");

        var right = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/guarded") { Content = new StringContent("v") };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.Created, (await _server.Client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task Health_checks_stay_open()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_page_accepts_the_token_in_the_query_but_the_API_does_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync($"/?access_token={Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync($"/dashboard/data?access_token={Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client.GetAsync($"/v1/stats?access_token={Token}")).StatusCode);
    }
}

/// <summary>Without a token the API is open (on loopback, the default).</summary>
public sealed class NoTokenTests
{
    [Fact]
    public async Task Without_a_token_requests_need_no_authorization()
    {
        await using var server = await InProcessServer.StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PutAsync("/v1/kv/open", new StringContent("v"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/stats")).StatusCode);
    }
}
