using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Actors.Host.Tests.Infrastructure;

namespace Actors.Host.Tests.Api;

/// <summary>The /v1/kv endpoints in process: each success and each refusal, with status, headers and problem titles.</summary>
public sealed class KvApiTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync("store.max-value-bytes = 1KiB");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> Put(string path, string body, Action<HttpRequestMessage>? configure = null, string? contentType = "text/plain")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    [Fact]
    public async Task Put_creates_with_201_and_an_ETag_then_get_returns_the_bytes_content_type_and_version()
    {
        var created = await Put("/v1/kv/greeting", "hello", contentType: "text/plain; charset=utf-8");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.True(body.GetProperty("created").GetBoolean());

        var read = await Client.GetAsync("/v1/kv/greeting");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("hello", await read.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", read.Content.Headers.ContentType?.ToString());
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        var updated = await Put("/v1/kv/greeting", "hi");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_value_without_content_type_reads_back_as_octet_stream_byte_for_byte()
    {
        var bytes = new byte[] { 0, 255, 1, 254, 0x80 };
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/binary") { Content = new ByteArrayContent(bytes) };
        Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(request)).StatusCode);
        var read = await Client.GetAsync("/v1/kv/binary");
        Assert.Equal("application/octet-stream", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_404_problem()
    {
        var problem = await Problems.AssertProblemAsync(await Client.GetAsync("/v1/kv/never-written"), HttpStatusCode.NotFound, "does not exist");
        Assert.Contains("never-written", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Head_returns_headers_without_body_and_If_None_Match_gives_304()
    {
        await Put("/v1/kv/cached", "value");
        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/kv/cached"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("\"1\"", head.Headers.ETag?.Tag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/v1/kv/cached");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task If_Match_is_compare_and_set_and_a_stale_version_is_412_with_the_current_version()
    {
        await Put("/v1/kv/cas", "v1");
        var ok = await Put("/v1/kv/cas", "v2", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag?.Tag);

        var stale = await Put("/v1/kv/cas", "v3", r => r.Headers.TryAddWithoutValidation("If-Match", "\"1\""));
        var problem = await Problems.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed, "version");
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal("v2", await Client.GetStringAsync("/v1/kv/cas"));
    }

    [Fact]
    public async Task If_None_Match_star_creates_only_and_If_Match_star_updates_only()
    {
        var create = await Put("/v1/kv/once", "first", r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var again = await Put("/v1/kv/once", "second", r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        await Problems.AssertProblemAsync(again, HttpStatusCode.PreconditionFailed);
        Assert.Equal("first", await Client.GetStringAsync("/v1/kv/once"));

        var missing = await Put("/v1/kv/absent", "x", r => r.Headers.TryAddWithoutValidation("If-Match", "*"));
        await Problems.AssertProblemAsync(missing, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/absent")).StatusCode);
        var update = await Put("/v1/kv/once", "third", r => r.Headers.TryAddWithoutValidation("If-Match", "*"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("third", await Client.GetStringAsync("/v1/kv/once"));
    }

    [Theory]
    [InlineData("If-Match", "5")]
    [InlineData("If-Match", "W/\"5\"")]
    [InlineData("If-Match", "\"1\", \"2\"")]
    [InlineData("If-Match", "\"abc\"")]
    [InlineData("If-None-Match", "\"3\"")]
    public async Task Malformed_or_unsupported_conditional_headers_are_400(string header, string value)
    {
        var response = await Put("/v1/kv/conditional", "x", r => r.Headers.TryAddWithoutValidation(header, value));
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, "header");
        Assert.Contains(header, problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/conditional")).StatusCode);
    }

    [Fact]
    public async Task Delete_is_204_then_404_and_If_Match_guards_it()
    {
        await Put("/v1/kv/doomed", "x");
        await Put("/v1/kv/doomed", "y");
        var guarded = new HttpRequestMessage(HttpMethod.Delete, "/v1/kv/doomed");
        guarded.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Problems.AssertProblemAsync(await Client.SendAsync(guarded), HttpStatusCode.PreconditionFailed);

        var matching = new HttpRequestMessage(HttpMethod.Delete, "/v1/kv/doomed");
        matching.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(matching)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/doomed")).StatusCode);
        await Problems.AssertProblemAsync(await Client.DeleteAsync("/v1/kv/doomed"), HttpStatusCode.NotFound);

        // A re-created key continues from the tombstone's version: an old ETag can never match again.
        var recreated = await Put("/v1/kv/doomed", "z");
        Assert.Equal(HttpStatusCode.Created, recreated.StatusCode);
        Assert.Equal("\"4\"", recreated.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Increment_adds_and_returns_the_new_value_and_refuses_non_integers_with_409()
    {
        var first = await Client.PostAsync("/v1/kv/counter/increment?by=5", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(5, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());
        var second = await Client.PostAsync("/v1/kv/counter/increment", null);
        Assert.Equal(6, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());
        Assert.Equal("6", await Client.GetStringAsync("/v1/kv/counter"));
        var down = await Client.PostAsync("/v1/kv/counter/increment?by=-10", null);
        Assert.Equal(-4, (await down.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetInt64());

        await Put("/v1/kv/text", "not a number");
        await Problems.AssertProblemAsync(await Client.PostAsync("/v1/kv/text/increment", null), HttpStatusCode.Conflict, "not an integer");
        await Problems.AssertProblemAsync(await Client.PostAsync("/v1/kv/counter/increment?by=abc", null), HttpStatusCode.BadRequest, "parameter");
        await Problems.AssertProblemAsync(await Client.PostAsync("/v1/kv/counter/increment?by=99999999999999999999", null), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_on_a_key_without_increment_is_405_with_Allow()
    {
        var response = await Client.PostAsync("/v1/kv/something", new StringContent("x"));
        await Problems.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("PUT", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Keys_may_contain_slashes_literally_or_percent_encoded_and_any_Unicode()
    {
        await Put("/v1/kv/users/42/name", "Ada");
        Assert.Equal("Ada", await Client.GetStringAsync("/v1/kv/users%2F42%2Fname"));

        await Put("/v1/kv/caf%C3%A9%20%E2%98%95", "coffee");
        var scan = await Client.GetFromJsonAsync<JsonElement>("/v1/kv?prefix=caf");
        Assert.Equal("café ☕", scan.GetProperty("entries")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task An_empty_key_is_400_with_the_stores_message()
    {
        var problem = await Problems.AssertProblemAsync(await Put("/v1/kv/", "x"), HttpStatusCode.BadRequest, "key");
        Assert.Contains("empty", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_key_over_the_limit_is_400_with_the_stores_message()
    {
        var problem = await Problems.AssertProblemAsync(await Put("/v1/kv/" + new string('k', 1100), "x"), HttpStatusCode.BadRequest, "key");
        Assert.Contains("store.max-key-bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_value_over_max_value_bytes_is_413_and_nothing_is_written()
    {
        var problem = await Problems.AssertProblemAsync(await Put("/v1/kv/big", new string('v', 1025)), HttpStatusCode.RequestEntityTooLarge, "too large");
        Assert.Contains("store.max-value-bytes", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/kv/big")).StatusCode);

        // Chunked (no Content-Length): refused while reading, the same way.
        var chunked = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/big") { Content = new StreamContent(new MemoryStream(new byte[5000])) };
        chunked.Headers.TransferEncodingChunked = true;
        await Problems.AssertProblemAsync(await Client.SendAsync(chunked), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.Created, (await Put("/v1/kv/big", new string('v', 1024))).StatusCode);
    }

    [Fact]
    public async Task A_malformed_content_type_is_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/typed") { Content = new StringContent("x") };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "not a media type;;;");
        await Problems.AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "header");
    }

    [Fact]
    public async Task Ttl_sets_an_expiry_that_reads_back_as_Expires_At()
    {
        var before = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await Put("/v1/kv/session?ttl=1h", "token")).StatusCode);
        var read = await Client.GetAsync("/v1/kv/session");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var expiresAt = DateTimeOffset.Parse(read.Headers.GetValues("Expires-At").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, before.AddHours(1).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(1));
    }

    [Fact]
    public async Task A_key_with_a_ttl_disappears_after_it_and_not_before()
    {
        var written = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await Put("/v1/kv/ephemeral?ttl=300ms", "soon gone")).StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await Client.GetAsync("/v1/kv/ephemeral")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key did not expire within 15 s of a 300 ms TTL");
            await Task.Delay(20);
        }

        // Whenever it vanished, it was not before its deadline (measured from before the write, so no timing luck).
        Assert.True(DateTimeOffset.UtcNow >= written.AddMilliseconds(300), "the key vanished before its TTL");
        await Problems.AssertProblemAsync(await Client.GetAsync("/v1/kv/ephemeral"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-5s")]
    [InlineData("0s")]
    [InlineData("soon")]
    public async Task A_bad_ttl_is_400_naming_the_accepted_forms(string ttl)
    {
        var problem = await Problems.AssertProblemAsync(await Put($"/v1/kv/ttl-bad?ttl={ttl}", "x"), HttpStatusCode.BadRequest, "parameter");
        Assert.Contains("30s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Scan_pages_through_keys_by_prefix_with_a_cursor_and_values_on_request()
    {
        for (var i = 0; i < 25; i++)
        {
            await Put($"/v1/kv/scan:{i:D2}", $"value {i}");
        }

        await Put("/v1/kv/other", "x");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/v1/kv?prefix=scan:&limit=10&values=true{(cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))}");
            foreach (var entry in page.GetProperty("entries").EnumerateArray())
            {
                var key = entry.GetProperty("key").GetString()!;
                Assert.Equal($"value {int.Parse(key[5..], System.Globalization.CultureInfo.InvariantCulture)}", entry.GetProperty("value").GetString());
                seen.Add(key);
            }

            cursor = page.GetProperty("cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"scan:{i:D2}").Order(), seen.Order());
        var keysOnly = await Client.GetFromJsonAsync<JsonElement>("/v1/kv?prefix=scan:&limit=1");
        Assert.False(keysOnly.GetProperty("entries")[0].TryGetProperty("value", out _));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("values=maybe", "values")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("prefix=a&prefix=b", "prefix")]
    public async Task Bad_scan_parameters_are_400(string query, string named)
    {
        var problem = await Problems.AssertProblemAsync(await Client.GetAsync("/v1/kv?" + query), HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_answer_problem_json()
    {
        await Problems.AssertProblemAsync(await Client.GetAsync("/v2/kv/x"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Client.PatchAsync("/v1/kv/x", new StringContent("x")), HttpStatusCode.MethodNotAllowed);
    }
}
