using System.Diagnostics;
using Actors.Store.Linearizability;
using Xunit.Abstractions;

namespace Actors.Store.Tests.Linearizability;

/// <summary>
/// The checker against Jepsen's etcd histories, whose verdicts are known (from Porcupine's test suite).
/// </summary>
public sealed class EtcdJepsenTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerHistoryTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, bool> Verdicts()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (file, linearizable) in ReadVerdicts())
        {
            data.Add(file, linearizable);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Checker_agrees_with_the_known_verdict(string file, bool linearizable)
    {
        var history = JepsenLogParser.ParseFile(Path.Combine(SharedTestData.EtcdDirectory, file));

        var result = LinearizabilityChecker.Check(RegisterModel.Instance, history, PerHistoryTimeout);

        output.WriteLine(result.ToString());
        var expected = linearizable ? LinearizabilityVerdict.Linearizable : LinearizabilityVerdict.NotLinearizable;
        Assert.Equal(expected, result.Verdict);
    }

    [Fact]
    public void Every_log_has_a_verdict_or_is_empty()
    {
        var known = ReadVerdicts().Select(v => v.File).ToHashSet();
        var logs = Directory.GetFiles(SharedTestData.EtcdDirectory, "*.log");

        Assert.NotEmpty(logs);
        foreach (var log in logs)
        {
            // etcd_095: the cluster failed to start, so the log is empty and has no verdict.
            Assert.True(known.Contains(Path.GetFileName(log)) || JepsenLogParser.ParseFile(log).Count == 0, log);
        }
    }

    [Fact]
    public void The_whole_suite_is_checked_quickly()
    {
        var histories = ReadVerdicts()
            .Select(v => (v.File, History: JepsenLogParser.ParseFile(Path.Combine(SharedTestData.EtcdDirectory, v.File))))
            .ToList();

        var started = Stopwatch.GetTimestamp();
        var slowest = (File: "", Elapsed: TimeSpan.Zero);
        foreach (var (file, history) in histories)
        {
            var result = LinearizabilityChecker.Check(RegisterModel.Instance, history, PerHistoryTimeout);
            Assert.NotEqual(LinearizabilityVerdict.Unknown, result.Verdict);
            if (result.Elapsed > slowest.Elapsed)
            {
                slowest = (file, result.Elapsed);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{histories.Count} etcd histories ({histories.Sum(h => h.History.Count)} operations) checked in {elapsed.TotalMilliseconds:F0} ms; slowest {slowest.File} in {slowest.Elapsed.TotalMilliseconds:F0} ms.");
    }

    private static IEnumerable<(string File, bool Linearizable)> ReadVerdicts()
    {
        var path = Path.Combine(SharedTestData.EtcdDirectory, "VERDICTS.txt");
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var linearizable = parts.Length == 2 ? parts[1] switch
            {
                "linearizable" => true,
                "not-linearizable" => false,
                _ => (bool?)null,
            } : null;
            yield return (parts[0], linearizable ?? throw new FormatException($"{path}: expected '<file> linearizable|not-linearizable', found '{line}'."));
        }
    }
}
