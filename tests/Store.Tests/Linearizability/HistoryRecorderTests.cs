using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Linearizability;

/// <summary>Recording real concurrent executions, as a store test does, and checking them.</summary>
public sealed class HistoryRecorderTests
{
    [Fact]
    public async Task A_store_behind_a_lock_records_a_linearizable_history()
    {
        var store = new ReferenceKvStore();
        var gate = new Lock();
        var recorder = new HistoryRecorder<KvInput, KvOutput>();

        await RunClients(recorder, clients: 8, operationsPerClient: 200, input =>
        {
            lock (gate)
            {
                return store.Apply(input);
            }
        });

        var history = recorder.ToHistory();
        var result = LinearizabilityChecker.Check(KvModel.Instance, history, TimeSpan.FromSeconds(30));

        Assert.Equal(1600, history.Count);
        Assert.True(result.IsLinearizable, result.ToString());
    }

    [Fact]
    public async Task A_store_whose_reads_lag_one_write_behind_is_caught()
    {
        // Reads answer from a copy taken before the last change: a stale cache.
        var store = new ReferenceKvStore();
        var lagging = new ReferenceKvStore();
        KvInput? lastChange = null;
        var gate = new Lock();
        var recorder = new HistoryRecorder<KvInput, KvOutput>();

        await RunClients(recorder, clients: 4, operationsPerClient: 100, input =>
        {
            lock (gate)
            {
                if (input is KvGet)
                {
                    return lagging.Apply(input);
                }

                if (lastChange is not null)
                {
                    lagging.Apply(lastChange);
                }

                lastChange = input;
                return store.Apply(input);
            }
        });

        var result = LinearizabilityChecker.Check(KvModel.Instance, recorder.ToHistory(), TimeSpan.FromSeconds(30));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Pending_operations_become_unknown_and_discarded_ones_disappear()
    {
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        var completed = recorder.Call(1, new KvSet("x", 1));
        completed.Complete(new KvWritten(1));
        var timedOut = recorder.Call(2, new KvSet("x", 2));
        timedOut.CompleteUnknown();
        recorder.Call(3, new KvSet("x", 3));
        recorder.Call(4, new KvSet("x", 4)).Discard();

        var history = recorder.ToHistory();

        Assert.Equal(3, history.Count);
        Assert.True(history[0].IsOutcomeKnown);
        Assert.True(history[0].ReturnTime >= history[0].CallTime);
        Assert.False(history[1].IsOutcomeKnown);
        Assert.False(history[2].IsOutcomeKnown);
        Assert.Throws<InvalidOperationException>(() => completed.Complete(new KvWritten(2)));
    }

    private static Task RunClients(
        HistoryRecorder<KvInput, KvOutput> recorder, int clients, int operationsPerClient, Func<KvInput, KvOutput> store) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var i = 0; i < operationsPerClient; i++)
            {
                var key = $"k{random.Next(3)}";
                KvInput input = random.Next(4) switch
                {
                    0 => new KvSet(key, client * 1000 + i),
                    1 => new KvIncrement(key, 1),
                    2 => new KvDelete(key),
                    _ => new KvGet(key),
                };
                var call = recorder.Call(client, input);
                var output = store(input);
                call.Complete(output);
                if (i % 16 == 0)
                {
                    await Task.Yield();
                }
            }
        })));
}
