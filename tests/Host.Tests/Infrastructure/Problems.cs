using System.Net;
using System.Text.Json;

namespace Actors.Host.Tests.Infrastructure;

/// <summary>Asserts on problem+json answers.</summary>
internal static class Problems
{
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? titleContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var title = problem.GetProperty("title").GetString();
        Assert.False(string.IsNullOrWhiteSpace(title));
        if (titleContains is not null)
        {
            Assert.Contains(titleContains, title, StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }
}
