// The yardstick for bench/http/run.sh: the same HTTP surface as `serve` for GET and PUT on /v1/kv/{key} (value bytes
// with an ETag; 201/200 with the version), over a ConcurrentDictionary and nothing else — no actors, no journal, no
// validation. What `serve` costs beyond ASP.NET Core itself is the distance to this.
using System.Collections.Concurrent;
using System.Globalization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var map = new ConcurrentDictionary<string, (byte[] Value, long Version)>(StringComparer.Ordinal);

app.MapGet("/v1/kv/{**key}", async context =>
{
    var key = (string)context.Request.RouteValues["key"]!;
    if (!map.TryGetValue(key, out var entry))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }

    context.Response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"{entry.Version}\"");
    context.Response.ContentType = "application/octet-stream";
    context.Response.ContentLength = entry.Value.Length;
    await context.Response.Body.WriteAsync(entry.Value);
});

app.MapPut("/v1/kv/{**key}", async context =>
{
    var key = (string)context.Request.RouteValues["key"]!;
    var value = new byte[context.Request.ContentLength ?? 0];
    await context.Request.Body.ReadExactlyAsync(value);
    var created = false;
    var entry = map.AddOrUpdate(key, _ => { created = true; return (value, 1); }, (_, old) => (value, old.Version + 1));
    context.Response.StatusCode = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
    context.Response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"{entry.Version}\"");
    await context.Response.WriteAsJsonAsync(new Written(key, entry.Version, created));
});

app.Run();

internal sealed record Written(string Key, long Version, bool Created);
