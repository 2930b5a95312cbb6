using System.Text;
using Actors.Store.Configuration;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A child process runs the store on SQLite under 16 writers — overwrites, compare-and-sets that match and that do not,
/// deletes, increments and atomic two-key batches, each writer on keys of its own — and is killed with SIGKILL at random
/// moments, again and again on the same data. After every kill each key must hold exactly (value and version) the state
/// its last acknowledged write left, or the state after the one write its writer had in flight, and a batch in flight
/// must be there whole or not at all (see <see cref="CrashLedger"/>). So no acknowledged write, delete or increment is
/// lost, a deleted key stays deleted unless a later write was acknowledged, counters never go back, versions continue
/// across restarts, and nothing is torn or half applied.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Cycles = 20;

    [Theory]
    [InlineData("batched")]
    [InlineData("strict")]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_nothing_is_half_applied(string durability)
    {
        var directory = StoreHarness.NewDirectory();
        var ledger = new CrashLedger();
        var random = new Random(durability == "strict" ? 20261122 : 20261121);
        try
        {
            for (var cycle = 0; cycle < Cycles; cycle++)
            {
                // Killed after 20 to 1,500 acknowledged writes: early (right after recovery) as well as late.
                await CrashProbeProcess.RunAndKillAsync(directory, durability, $"r{cycle}", random.Next(20, 1500), ledger);
                await VerifyAsync(directory, durability, ledger);
            }

            var (landed, lost) = ledger.InFlightOutcomes;
            output.WriteLine($"{ledger.AcknowledgedWrites} acknowledged writes on {ledger.Keys.Count} keys; of the writes in flight at the kills, {landed} had landed and {lost} had not.");
            Assert.True(ledger.AcknowledgedWrites >= Cycles * 20, $"only {ledger.AcknowledgedWrites} writes were acknowledged");
            Assert.True(landed + lost >= Cycles, $"only {landed + lost} writes were caught in flight by {Cycles} kills: the rule for them was hardly exercised");
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    // Reopens the data in this process and checks every key the writers touched; the ledger then starts the next run
    // from what it found.
    private static async Task VerifyAsync(string directory, string durability, CrashLedger ledger)
    {
        var settings = new StoreSettings { Shards = 4, Durability = durability == "strict" ? Durability.Strict : Durability.Batched };
        await using var harness = await StoreHarness.StartAsync(settings, directory: directory);
        var keys = ledger.Keys;
        var entries = await harness.Store.GetManyAsync(keys);
        var observed = new Dictionary<string, ObservedEntry?>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            observed[keys[i]] = entries[i] is { } entry ? new ObservedEntry(Encoding.UTF8.GetString(entry.Value.Span), entry.Version) : null;
        }

        ledger.Settle(observed);

        // And nothing else: a key no writer ever began a write on would be a phantom.
        var known = keys.ToHashSet(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await harness.Store.ScanAsync(string.Empty, 1000, cursor);
            var phantoms = page.Entries.Where(e => !known.Contains(e.Key)).Select(e => e.Key).ToArray();
            Assert.True(phantoms.Length == 0, $"keys nobody wrote appeared after SIGKILL: {string.Join(", ", phantoms)}");
            cursor = page.Cursor;
        }
        while (cursor is not null);
    }
}
