using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Actors.Store.Configuration;

namespace Actors.Store.Tests.Api;

/// <summary>
/// A child process runs the store on SQLite under write load and is killed with SIGKILL at random moments, again and
/// again on the same data. After every kill, every acknowledged write is present with its value and version, and no
/// key holds a torn value.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Cycles = 20;

    [Fact]
    public async Task Every_acknowledged_write_survives_SIGKILL_and_nothing_is_half_applied()
    {
        var directory = StoreHarness.NewDirectory();
        var probe = AppContext.BaseDirectory.Replace("/Store.Tests/bin/", "/Store.CrashProbe/bin/", StringComparison.Ordinal);
        var dll = Path.Combine(probe, "Store.CrashProbe.dll");
        Assert.True(File.Exists(dll), $"the crash probe was not built at {dll}");
        var acknowledged = new Dictionary<string, long>();
        var counters = new Dictionary<string, long>();
        var random = new Random(20261121);
        try
        {
            for (var cycle = 0; cycle < Cycles; cycle++)
            {
                var target = random.Next(50, 2000);
                var (acks, increments) = await RunAndKillAsync(dll, directory, $"c{cycle}-", target);
                foreach (var (key, version) in acks)
                {
                    acknowledged[key] = version;
                }

                counters[$"c{cycle}-counter"] = increments;
                await VerifyAsync(directory, acknowledged, counters);
            }

            Assert.True(acknowledged.Count >= Cycles * 50);
        }
        finally
        {
            StoreHarness.DeleteDirectory(directory);
        }
    }

    private static async Task<(List<(string Key, long Version)> Acks, long Increments)> RunAndKillAsync(string dll, string directory, string prefix, int killAfter)
    {
        var start = new ProcessStartInfo("dotnet", [dll, directory, prefix]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var acks = new List<(string, long)>();
        long increments = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (acks.Count < killAfter)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The probe exited early: {await process.StandardError.ReadToEndAsync()}");
                Record(line);
            }

            Assert.Equal(0, Kill(process.Id, 9));
            await process.WaitForExitAsync(timeout.Token);

            // Lines already written before the kill are acknowledged too.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
            {
                Record(rest);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (acks, increments);

        void Record(string line)
        {
            var parts = line.Split(' ');
            if (parts is ["ack", var key, var version] && long.TryParse(version, out var v))
            {
                acks.Add((key, v));
            }
            else if (parts is ["inc", var value] && long.TryParse(value, out var n))
            {
                increments = Math.Max(increments, n);
            }
        }
    }

    private static async Task VerifyAsync(string directory, Dictionary<string, long> acknowledged, Dictionary<string, long> counters)
    {
        await using var harness = await StoreHarness.StartAsync(new StoreSettings { Shards = 4, Durability = Durability.Batched }, directory: directory);
        var keys = acknowledged.Keys.ToArray();
        var entries = await harness.Store.GetManyAsync(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            var entry = entries[i];
            Assert.True(entry is not null, $"acknowledged write {keys[i]} is missing after SIGKILL");
            Assert.Equal(acknowledged[keys[i]], entry.Version);
            Assert.Equal(string.Concat(Enumerable.Repeat(keys[i] + "|", 20)), Encoding.UTF8.GetString(entry.Value.Span));
        }

        // Writes that were applied but not yet acknowledged may be there too; whatever is there must be whole.
        string? cursor = null;
        do
        {
            var page = await harness.Store.ScanAsync("c", 1000, cursor, includeValues: true);
            foreach (var entry in page.Entries.Where(e => !e.Key.EndsWith("counter", StringComparison.Ordinal)))
            {
                Assert.Equal(string.Concat(Enumerable.Repeat(entry.Key + "|", 20)), Encoding.UTF8.GetString(entry.Value.Span));
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);

        // An increment applied but not acknowledged may have landed too, so a counter is at least its last acknowledged value.
        foreach (var (key, acknowledgedValue) in counters)
        {
            var value = await harness.Store.GetAsync(key) is { } entry ? long.Parse(Encoding.ASCII.GetString(entry.Value.Span), System.Globalization.CultureInfo.InvariantCulture) : 0;
            Assert.True(value >= acknowledgedValue, $"{key} went back from an acknowledged {acknowledgedValue} to {value}");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
