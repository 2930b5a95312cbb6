using System.Net;
using Actors.Host.Tests.Infrastructure;
using Actors.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Host.Tests.Api;


/// <summary>When the store cannot serve — stopped under the running web server, or still recovering — requests are 503 with Retry-After, not 500.</summary>
public sealed class UnavailableTests
{
    [Fact]
    public async Task A_stopped_store_answers_503_with_Retry_After_and_readiness_fails()
    {
        await using var server = await InProcessServer.StartAsync("host.retry-after = 3s");
        Assert.Equal(HttpStatusCode.Created, (await server.Client.PutAsync("/v1/kv/k", new StringContent("v"))).StatusCode);
        await server.Services.GetRequiredService<ActorStateStore>().DisposeAsync();

        var read = await server.Client.GetAsync("/v1/kv/k");
        var problem = await Problems.AssertProblemAsync(read, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Contains("shutting down", problem.GetProperty("detail").GetString());
        Assert.Equal("3", read.Headers.GetValues("Retry-After").Single());
        await Problems.AssertProblemAsync(await server.Client.PutAsync("/v1/kv/k", new StringContent("w")), HttpStatusCode.ServiceUnavailable);
        await Problems.AssertProblemAsync(await server.Client.GetAsync("/v1/stats"), HttpStatusCode.ServiceUnavailable);

        var ready = await server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("shutting down", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    [PostgresFact]
    public async Task Before_recovery_readiness_and_every_request_are_503_with_Retry_After_until_the_shards_have_recovered()
    {
        // The journal is a real PostgreSQL schema. With its tables locked by another session, recovery cannot read
        // them: the server is up, the store is held in "starting" for as long as the test keeps the lock — no race.
        var schema = PostgresTableLock.NewSchema("unready");
        var hocon = "host.retry-after = 4s\n" + OnPostgres(schema);
        try
        {
            await using (var first = await InProcessServer.StartAsync(hocon))
            {
                Assert.Equal(HttpStatusCode.Created, (await first.Client.PutAsync("/v1/kv/before", new StringContent("written before the restart"))).StatusCode);
            }

            await using var journal = await PostgresTableLock.AcquireAsync(schema);
            await using var server = await InProcessServer.StartAsync(hocon, waitForReady: false);
            var ready = await server.Client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("starting", await ready.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => server.Client.GetAsync("/v1/kv/before"),
                () => server.Client.PutAsync("/v1/kv/during", new StringContent("refused while starting")),
                () => server.Client.PostAsync("/v1/kv/counter/increment", null),
                () => server.Client.GetAsync("/v1/kv?prefix="),
            })
            {
                var response = await request();
                var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable");
                Assert.Contains("starting", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
                Assert.Equal("4", response.Headers.GetValues("Retry-After").Single());
            }

            Assert.Equal(StoreStatus.Starting, server.Services.GetRequiredService<ActorStateStore>().Status);
            await journal.ReleaseAsync();

            await server.Services.GetRequiredService<ActorStateStore>().WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal("written before the restart", await server.Client.GetStringAsync("/v1/kv/before"));
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/v1/kv/during")).StatusCode);
        }
        finally
        {
            await PostgresTableLock.DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task A_request_the_store_cannot_answer_within_the_request_timeout_is_503_with_a_problem_and_Retry_After()
    {
        // A write cannot be acknowledged before it is durable; with the journal's tables locked it cannot become
        // durable, so the request runs into store.request-timeout.
        var schema = PostgresTableLock.NewSchema("timeout");
        try
        {
            await using var server = await InProcessServer.StartAsync("host.retry-after = 2s\nstore.request-timeout = 300ms\n" + OnPostgres(schema));
            Assert.Equal(HttpStatusCode.Created, (await server.Client.PutAsync("/v1/kv/warm", new StringContent("v"))).StatusCode);

            await using (await PostgresTableLock.AcquireAsync(schema))
            {
                var response = await server.Client.PutAsync("/v1/kv/held", new StringContent("cannot become durable now"));
                var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "did not answer in time");
                Assert.Contains("store.request-timeout", problem.GetProperty("detail").GetString());
                Assert.Contains("may or may not have been applied", problem.GetProperty("detail").GetString());
                Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
            }

            // Once the journal moves again the store serves as before (the timed-out write may or may not have been
            // applied: the client was told so).
            Assert.Equal(HttpStatusCode.Created, (await server.Client.PutAsync("/v1/kv/after", new StringContent("v"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await PostgresTableLock.DropSchemaAsync(schema);
        }
    }

    private static string OnPostgres(string schema) =>
        $"store {{ durability = batched, backend = postgresql, postgresql {{ connection-string = \"{PostgresFactAttribute.ConnectionString}\", schema = {schema} }} }}";
}
