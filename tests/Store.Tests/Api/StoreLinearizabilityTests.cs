using System.Globalization;
using System.Text;
using Actors.Store.Configuration;
using Actors.Store.Linearizability;

namespace Actors.Store.Tests.Api;

/// <summary>
/// Many concurrent clients against the store; the recorded history must be linearizable per key. Some writes store a
/// text instead of an integer, so increments sometimes fail: a failure is an outcome the model checks (it must find a
/// text, and change nothing), not something left out of the history.
/// </summary>
public sealed class StoreLinearizabilityTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("batched")]
    public async Task Concurrent_get_set_cas_increment_delete_histories_with_failing_increments_are_linearizable(string durability)
    {
        await using var harness = await StoreHarness.StartAsync(new StoreSettings
        {
            Shards = 4,
            Durability = durability == "none" ? Durability.None : Durability.Batched,
        });
        var store = harness.Store;
        var recorder = new HistoryRecorder<KvInput, KvOutput>();
        const int clients = 16;
        const int operationsPerClient = 250;
        var keys = Enumerable.Range(0, 6).Select(i => $"key-{i}").ToArray();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client * 7919);
            for (var i = 0; i < operationsPerClient; i++)
            {
                var key = keys[random.Next(keys.Length)];
                switch (random.Next(6))
                {
                    case 0:
                    {
                        var call = recorder.Call(client, new KvGet(key));
                        var entry = await store.GetAsync(key);
                        call.Complete(entry is null ? KvMissing.Instance : Found(entry));
                        break;
                    }

                    case 1:
                    {
                        var value = random.Next(1000);
                        var call = recorder.Call(client, new KvSet(key, value));
                        var result = await store.SetAsync(key, Encode(value));
                        call.Complete(new KvWritten(result.Version));
                        break;
                    }

                    case 2:
                    {
                        var expected = random.Next(4);
                        var value = random.Next(1000);
                        var call = recorder.Call(client, new KvCompareAndSet(key, expected, value));
                        var result = await store.SetAsync(key, Encode(value), new SetOptions { ExpectedVersion = expected });
                        call.Complete(result.Applied ? new KvWritten(result.Version) : new KvVersionMismatch());
                        break;
                    }

                    case 3:
                    {
                        var call = recorder.Call(client, new KvIncrement(key, 1));
                        try
                        {
                            var result = await store.IncrementAsync(key);
                            call.Complete(new KvIncremented(result.Value, result.Version));
                        }
                        catch (NotAnIntegerException)
                        {
                            call.Complete(KvNotAnInteger.Instance);
                        }

                        break;
                    }

                    case 4:
                    {
                        // A distinct tag per write, so that a read shows which text it saw.
                        var tag = (client * operationsPerClient) + i;
                        var call = recorder.Call(client, new KvSetText(key, tag));
                        var result = await store.SetAsync(key, Text(tag));
                        call.Complete(new KvWritten(result.Version));
                        break;
                    }

                    default:
                    {
                        var call = recorder.Call(client, new KvDelete(key));
                        var result = await store.DeleteAsync(key);
                        call.Complete(new KvDeleted(result.Existed));
                        break;
                    }
                }
            }
        })));

        var history = recorder.ToHistory();
        var verdict = LinearizabilityChecker.Check(KvModel.Instance, history, TimeSpan.FromSeconds(60));
        Assert.True(verdict.IsLinearizable, verdict.ToString());

        // Both outcomes of an increment must have been exercised, or the check above says little about them.
        Assert.Contains(history, o => o.Output is KvNotAnInteger);
        Assert.Contains(history, o => o.Output is KvIncremented);
    }

    private static ReadOnlyMemory<byte> Encode(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    // "t17": not an integer, and the tag says which write it was.
    private static ReadOnlyMemory<byte> Text(long tag) => Encoding.ASCII.GetBytes("t" + tag.ToString(CultureInfo.InvariantCulture));

    private static KvOutput Found(StoreEntry entry)
    {
        var text = Encoding.ASCII.GetString(entry.Value.Span);
        return text.StartsWith('t')
            ? new KvFoundText(long.Parse(text.AsSpan(1), CultureInfo.InvariantCulture), entry.Version)
            : new KvFound(long.Parse(text, CultureInfo.InvariantCulture), entry.Version);
    }
}
