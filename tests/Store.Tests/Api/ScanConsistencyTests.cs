using System.Globalization;
using System.Text;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A scan reads each shard's part of a page as one consistent state, while writes run: keys that an atomic batch
/// always changes together (one hash tag, so one shard) are never seen half-changed.
/// </summary>
public sealed class ScanConsistencyTests
{
    private const int Tags = 8;
    private const int KeysPerTag = 10;

    [Theory]
    [InlineData("none")]
    [InlineData("batched")]
    public async Task A_scan_never_sees_a_batch_half_applied_in_a_shard(string durability)
    {
        await using var harness = await StoreHarness.StartAsync(new StoreSettings
        {
            Shards = 4,
            Durability = durability == "none" ? Durability.None : Durability.Batched,
        });
        var store = harness.Store;
        Assert.True(Enumerable.Range(0, Tags).Select(t => store.ShardOf(Key(t, 0))).Distinct().Count() > 1, "the tags should spread over several shards");
        for (var tag = 0; tag < Tags; tag++)
        {
            await store.BatchAsync(Generation(tag, 0));
        }

        using var stop = new CancellationTokenSource();
        var generations = new long[Tags];
        var writers = Enumerable.Range(0, Tags).Select(tag => Task.Run(async () =>
        {
            for (var generation = 1L; !stop.IsCancellationRequested; generation++)
            {
                Assert.True((await store.BatchAsync(Generation(tag, generation))).Applied);
                Volatile.Write(ref generations[tag], generation);
            }
        })).ToArray();

        var scans = 0;
        var changesSeen = 0;
        var previous = new long[Tags];
        try
        {
            while (scans < 200 || changesSeen < 50)
            {
                Assert.True(scans < 100_000, $"the writers made no progress: {changesSeen} changes seen in {scans} scans");
                var page = await store.ScanAsync("{", limit: 10_000, includeValues: true);
                Assert.Null(page.Cursor);
                Assert.Equal(Tags * KeysPerTag, page.Entries.Count);
                foreach (var group in page.Entries.GroupBy(e => e.Key[..e.Key.IndexOf('}', StringComparison.Ordinal)]))
                {
                    var values = group.Select(e => long.Parse(Encoding.ASCII.GetString(e.Value.Span), CultureInfo.InvariantCulture)).Distinct().ToArray();
                    Assert.True(values.Length == 1, $"tag {group.Key}}} seen half-changed: generations {string.Join(", ", values)}");
                    var tag = int.Parse(group.Key.AsSpan(1), CultureInfo.InvariantCulture);
                    Assert.True(values[0] >= previous[tag], $"tag {tag} went back from generation {previous[tag]} to {values[0]}");
                    changesSeen += values[0] > previous[tag] ? 1 : 0;
                    previous[tag] = values[0];
                }

                scans++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
    }

    private static string Key(int tag, int index) => $"{{{tag}}}:{index}";

    private static BatchOperation[] Generation(int tag, long generation) =>
        [.. Enumerable.Range(0, KeysPerTag).Select(i => new BatchOperation.Set(Key(tag, i), Encoding.ASCII.GetBytes(generation.ToString(CultureInfo.InvariantCulture))))];
}
