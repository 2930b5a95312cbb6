using Actors.Store.Strategies;

namespace Actors.Store.Tests.Strategies;

public sealed class GoMapGuardTests
{
    [Fact]
    public async Task A_write_during_a_write_fails_with_concurrent_map_writes()
    {
        var map = new GoFaithfulStrategy(GoFatalMode.Throw);
        using (map.Guard.EnterWrite())
        {
            var error = await Assert.ThrowsAsync<GoFatalError>(async () => await Task.Run(() => map.SetAsync("k", [1]).AsTask()));
            Assert.Equal("fatal error: concurrent map writes", error.Message);
        }

        Assert.Equal(1, await map.SetAsync("k", [1]));
    }

    [Fact]
    public void Reads_and_iterations_during_a_write_and_writes_during_them_fail_with_gos_messages()
    {
        var map = new GoFaithfulStrategy(GoFatalMode.Throw);
        using (map.Guard.EnterWrite())
        {
            Assert.Equal(GoFatalError.ReadAndWrite, Assert.Throws<GoFatalError>(() => map.GetAsync("k")).Reason);
            Assert.Equal(GoFatalError.IterationAndWrite, Assert.Throws<GoFatalError>(() => map.ScanAsync("", 10)).Reason);
        }

        using (map.Guard.EnterRead())
        {
            Assert.Equal(GoFatalError.ReadAndWrite, Assert.Throws<GoFatalError>(() => map.SetAsync("k", [1])).Reason);
        }

        using (map.Guard.EnterIteration())
        {
            Assert.Equal(GoFatalError.IterationAndWrite, Assert.Throws<GoFatalError>(() => map.IncrementAsync("k", 1)).Reason);
        }
    }

    [Fact]
    public async Task Concurrent_reads_are_allowed_as_in_go()
    {
        var map = new GoFaithfulStrategy(GoFatalMode.Throw);
        await map.SetAsync("k", [1]);
        using (map.Guard.EnterRead())
        using (map.Guard.EnterIteration())
        {
            Assert.True((await map.GetAsync("k")).Found);
            Assert.Single(await map.ScanAsync("", 10));
        }
    }

    [Fact]
    public async Task Racing_writers_are_caught_and_the_map_stays_intact()
    {
        // Two writers hammer the map until the guard catches an overlap (or a generous bound passes). Every
        // failing write was refused before it touched the map, so the map is never corrupted.
        var map = new GoFaithfulStrategy(GoFatalMode.Throw);
        var caught = 0;
        var acknowledged = new int[2];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Factory.StartNew(() =>
        {
            for (var i = 0; Volatile.Read(ref caught) == 0 && !bound.IsCancellationRequested; i++)
            {
                try
                {
                    map.SetAsync($"w{w}/{i}", [1]);
                    acknowledged[w]++;
                }
                catch (GoFatalError error)
                {
                    Assert.Equal(GoFatalError.ConcurrentWrites, error.Reason);
                    Interlocked.Increment(ref caught);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.True(caught > 0, "no overlap of the two writers was observed within 30 s");
        Assert.False(map.Inspect().IsCorrupted, map.Inspect().Describe());
        Assert.Equal(acknowledged.Sum(), await map.CountAsync());
    }
}
