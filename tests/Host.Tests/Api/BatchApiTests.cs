using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Api;

/// <summary>POST /v1/batch: atomic within a shard, strict about its JSON.</summary>
public sealed class BatchApiTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync("host.limits.max-batch-operations = 5");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> Post(string json, string contentType = "application/json") =>
        Client.PostAsync("/v1/batch", new StringContent(json, Encoding.UTF8, contentType));

    [Fact]
    public async Task Applies_all_operations_and_returns_each_version()
    {
        await Client.PutAsync("/v1/kv/user:{7}:visits", new StringContent("10"));
        var response = await Post("""
            {"operations": [
              {"op": "check", "key": "user:{7}:name", "version": 0},
              {"op": "set", "key": "user:{7}:name", "value": "Ada", "contentType": "text/plain"},
              {"op": "set", "key": "user:{7}:avatar", "valueBase64": "AAEC", "ttl": "1h"},
              {"op": "increment", "key": "user:{7}:visits", "by": 5}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("applied").GetBoolean());
        Assert.Equal([0L, 1L, 1L, 2L], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("version").GetInt64()));
        Assert.Equal("Ada", await Client.GetStringAsync("/v1/kv/user:{7}:name"));
        Assert.Equal(new byte[] { 0, 1, 2 }, await Client.GetByteArrayAsync("/v1/kv/user:{7}:avatar"));
        Assert.Equal("15", await Client.GetStringAsync("/v1/kv/user:{7}:visits"));
    }

    [Fact]
    public async Task A_version_mismatch_applies_nothing_and_is_409_naming_the_operation()
    {
        await Client.PutAsync("/v1/kv/acct:{1}:a", new StringContent("100"));
        var response = await Post("""
            {"operations": [
              {"op": "set", "key": "acct:{1}:b", "value": "x"},
              {"op": "delete", "key": "acct:{1}:a", "ifVersion": 9}
            ]}
            """);
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict, "not applied");
        Assert.Equal(1, problem.GetProperty("failedIndex").GetInt32());
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/acct:{1}:b")).StatusCode);
        Assert.Equal("100", await Client.GetStringAsync("/v1/kv/acct:{1}:a"));
    }

    [Fact]
    public async Task Keys_in_several_shards_are_400_explaining_hash_tags()
    {
        var json = "{\"operations\": [" + string.Join(",", Enumerable.Range(0, 5).Select(i => $"{{\"op\":\"set\",\"key\":\"spread-{i}\",\"value\":\"x\"}}")) + "]}";
        var problem = await Problems.AssertProblemAsync(await Post(json), HttpStatusCode.BadRequest, "shard");
        Assert.Contains("hash tag", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("not json", "JSON")]
    [InlineData("{\"operations\": [", "JSON")]
    [InlineData("{}", "operations")]
    [InlineData("{\"operations\": []}", "operations")]
    [InlineData("null", "null")]
    [InlineData("{\"operations\": [null]}", "operations[0]")]
    [InlineData("{\"operations\": [{\"key\": \"a\"}]}", "op")]
    [InlineData("{\"operations\": [{\"op\": \"upsert\", \"key\": \"a\"}]}", "upsert")]
    [InlineData("{\"operations\": [{\"op\": \"set\"}]}", "key")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"a\"}]}", "value")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"a\", \"value\": \"x\", \"valueBase64\": \"AA==\"}]}", "exactly one")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"a\", \"valueBase64\": \"***\"}]}", "base64")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"a\", \"value\": \"x\", \"ttl\": \"10\"}]}", "ttl")]
    [InlineData("{\"operations\": [{\"op\": \"delete\", \"key\": \"a\", \"by\": 3}]}", "by")]
    [InlineData("{\"operations\": [{\"op\": \"check\", \"key\": \"a\"}]}", "version")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"a\", \"value\": \"x\", \"extra\": 1}]}", "Unknown member")]
    [InlineData("{\"operations\": [{\"op\": \"increment\", \"key\": \"a\", \"by\": \"five\"}]}", "wrong type")]
    [InlineData("{\"operations\": [{\"op\": \"set\", \"key\": \"\", \"value\": \"x\"}]}", "empty")]
    public async Task Malformed_batches_are_400_and_apply_nothing(string json, string detail)
    {
        var problem = await Problems.AssertProblemAsync(await Post(json), HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/a")).StatusCode);
    }

    [Fact]
    public async Task More_operations_than_the_limit_is_400()
    {
        var json = "{\"operations\": [" + string.Join(",", Enumerable.Range(0, 6).Select(_ => "{\"op\":\"increment\",\"key\":\"n\"}")) + "]}";
        var problem = await Problems.AssertProblemAsync(await Post(json), HttpStatusCode.BadRequest);
        Assert.Contains("host.limits.max-batch-operations", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415()
    {
        await Problems.AssertProblemAsync(await Post("{\"operations\": []}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "JSON");
    }
}
