using Actors.Store.Load;

namespace Actors.Store.Tests.Load;

public sealed class LabArgumentsTests
{
    [Fact]
    public void Durations_counts_rates_and_modes_parse_with_clear_errors()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), LabArguments.ParseDuration("10s"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), LabArguments.ParseDuration("250ms"));
        Assert.Contains("duration such as", Assert.Throws<FormatException>(() => LabArguments.ParseDuration("ten")).Message, StringComparison.Ordinal);
        Assert.Equal(250_000, LabArguments.ParseCount("250k"));
        Assert.Equal(2_500_000, LabArguments.ParseCount("2.5m"));
        Assert.Equal(100_000, LabArguments.ParseCount("100_000"));
        Assert.Contains("250k or 2m", Assert.Throws<FormatException>(() => LabArguments.ParseCount("1.5")).Message, StringComparison.Ordinal);
        Assert.Equal(50_000, LabArguments.ParseRate("50k"));
        Assert.Throws<FormatException>(() => LabArguments.ParseRate("0"));
        Assert.Equal((KeyDistribution.Zipf, 1.2), LabArguments.ParseDistribution("zipf:1.2"));
        Assert.Equal((KeyDistribution.Uniform, (double?)null), LabArguments.ParseDistribution("uniform"));
        Assert.Contains("zipf:SKEW", Assert.Throws<FormatException>(() => LabArguments.ParseDistribution("zipf:-1")).Message, StringComparison.Ordinal);
        Assert.Equal(LoopMode.Open, LabArguments.ParseLoop("open"));
        Assert.Equal(WriteMode.Pipelined, LabArguments.ParseWriteMode("tell"));
        Assert.Equal(["locked", "cow"], LabArguments.ParseStrategies(" locked , cow "));
        Assert.Throws<FormatException>(() => LabArguments.ParseStrategies(" , "));
    }

    [Fact]
    public void Mixes_parse_round_trip_and_explain_their_errors()
    {
        var mix = OperationMix.Parse("read=70, write=20,increment=10");
        Assert.Equal(new OperationMix(70, 20, 10, 0, 0), mix);
        Assert.Equal("read=70,write=20,increment=10", mix.ToString());
        Assert.Equal(OperationKind.Read, mix.Pick(69));
        Assert.Equal(OperationKind.Write, mix.Pick(70));
        Assert.Equal(OperationKind.Increment, mix.Pick(99));
        Assert.Contains("is not kind=weight", Assert.Throws<FormatException>(() => OperationMix.Parse("reads=1")).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<FormatException>(() => OperationMix.Parse("read=1,read=2")).Message, StringComparison.Ordinal);
        Assert.Contains("has no weight", Assert.Throws<FormatException>(() => OperationMix.Parse("read=0")).Message, StringComparison.Ordinal);
        Assert.Contains("whole number", Assert.Throws<FormatException>(() => OperationMix.Parse("read=-3")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_workloads_name_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkloadOptions { KeyCount = 0, ValueSize = 4, Loop = LoopMode.Open, LatencySampleEvery = 3 }.Validate());
        Assert.Contains("key count", error.Message, StringComparison.Ordinal);
        Assert.Contains("value size", error.Message, StringComparison.Ordinal);
        Assert.Contains("target rate", error.Message, StringComparison.Ordinal);
        Assert.Contains("power of two", error.Message, StringComparison.Ordinal);
        Assert.Contains("Known: mixed, read-heavy, pipelined-writes, hot-increments", Assert.Throws<ArgumentException>(() => WorkloadPresets.Get("x")).Message, StringComparison.Ordinal);
        foreach (var name in WorkloadPresets.Names)
        {
            WorkloadPresets.Get(name).Validate();
        }
    }
}
