using Actors.Configuration.Hocon;

namespace Actors.Tests.Configuration.Hocon;

/// <summary>HOCON.md "Duration format" and "Size in bytes format", and rendering back.</summary>
public sealed class HoconUnitTests
{
    [Theory]
    [InlineData("1ns", 0)]
    [InlineData("100ns", 1)]
    [InlineData("150 nanos", 2)]
    [InlineData("1 nanosecond", 0)]
    [InlineData("3us", 30)]
    [InlineData("3 micro", 30)]
    [InlineData("3 micros", 30)]
    [InlineData("3 microsecond", 30)]
    [InlineData("3 microseconds", 30)]
    [InlineData("250ms", 2_500_000)]
    [InlineData("250 milli", 2_500_000)]
    [InlineData("250 millis", 2_500_000)]
    [InlineData("250 millisecond", 2_500_000)]
    [InlineData("250 milliseconds", 2_500_000)]
    [InlineData("250", 2_500_000)]
    [InlineData(" 250 ", 2_500_000)]
    [InlineData("5s", 50_000_000)]
    [InlineData("5 second", 50_000_000)]
    [InlineData("5 seconds", 50_000_000)]
    [InlineData("1.5s", 15_000_000)]
    [InlineData("2m", 1_200_000_000)]
    [InlineData("2 minute", 1_200_000_000)]
    [InlineData("2 minutes", 1_200_000_000)]
    [InlineData("1h", 36_000_000_000)]
    [InlineData("1 hour", 36_000_000_000)]
    [InlineData("2 hours", 72_000_000_000)]
    [InlineData("1d", 864_000_000_000)]
    [InlineData("1 day", 864_000_000_000)]
    [InlineData("7 days", 6_048_000_000_000)]
    [InlineData("-5s", -50_000_000)]
    [InlineData("1e3ms", 10_000_000)]
    public void Durations_parse_every_unit_of_the_spec(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), HoconDuration.Parse(text));
        Assert.True(HoconDuration.TryParse(text, out var parsed));
        Assert.Equal(TimeSpan.FromTicks(ticks), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("5S")]
    [InlineData("5 sec")]
    [InlineData("5 Seconds")]
    [InlineData("five seconds")]
    [InlineData("1.5.5s")]
    [InlineData("+5s")]
    [InlineData("5 s s")]
    [InlineData("99999999999d")]
    [InlineData(null)]
    public void Invalid_durations_are_rejected(string? text)
    {
        Assert.False(HoconDuration.TryParse(text, out _));
        if (text is not null)
        {
            var error = Assert.Throws<FormatException>(() => HoconDuration.Parse(text));
            Assert.Contains("is not a duration such as 500ms, 5s", error.Message);
        }
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("512B", 512L)]
    [InlineData("512 b", 512L)]
    [InlineData("1 byte", 1L)]
    [InlineData("2 bytes", 2L)]
    [InlineData("1kB", 1_000L)]
    [InlineData("1 kilobyte", 1_000L)]
    [InlineData("2 kilobytes", 2_000L)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("1 megabytes", 1_000_000L)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1 gigabyte", 1_000_000_000L)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("1PB", 1_000_000_000_000_000L)]
    [InlineData("1EB", 1_000_000_000_000_000_000L)]
    [InlineData("1K", 1_024L)]
    [InlineData("1k", 1_024L)]
    [InlineData("1Ki", 1_024L)]
    [InlineData("1KiB", 1_024L)]
    [InlineData("1 kibibyte", 1_024L)]
    [InlineData("2 kibibytes", 2_048L)]
    [InlineData("1M", 1_048_576L)]
    [InlineData("1m", 1_048_576L)]
    [InlineData("1MiB", 1_048_576L)]
    [InlineData("1 mebibyte", 1_048_576L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("1g", 1_073_741_824L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("1 gibibytes", 1_073_741_824L)]
    [InlineData("1T", 1_099_511_627_776L)]
    [InlineData("1TiB", 1_099_511_627_776L)]
    [InlineData("1 tebibyte", 1_099_511_627_776L)]
    [InlineData("1P", 1_125_899_906_842_624L)]
    [InlineData("1E", 1_152_921_504_606_846_976L)]
    [InlineData("1.5K", 1_536L)]
    public void Sizes_parse_every_unit_of_the_spec(string text, long bytes)
    {
        Assert.Equal(bytes, HoconSize.Parse(text));
    }

    [Theory]
    [InlineData("1kb")]
    [InlineData("1KB")]
    [InlineData("1 kilo")]
    [InlineData("1ZB")]
    [InlineData("1Y")]
    [InlineData("16E")]
    [InlineData("lots")]
    [InlineData("")]
    public void Invalid_or_overflowing_sizes_are_rejected(string text)
    {
        Assert.False(HoconSize.TryParse(text, out _));
        Assert.Throws<FormatException>(() => HoconSize.Parse(text));
    }

    [Theory]
    [InlineData(50_000_000L, "5s")]
    [InlineData(2_500_000L, "250ms")]
    [InlineData(900_000_000L, "90s")]
    [InlineData(1_200_000_000L, "2m")]
    [InlineData(36_000_000_000L, "1h")]
    [InlineData(1_728_000_000_000L, "2d")]
    [InlineData(10L, "1us")]
    [InlineData(1L, "100ns")]
    [InlineData(0L, "0ms")]
    [InlineData(-50_000_000L, "-5s")]
    public void Durations_render_with_the_largest_exact_unit(long ticks, string expected) =>
        Assert.Equal(expected, HoconDuration.Format(TimeSpan.FromTicks(ticks)));

    public static TheoryData<long> DurationTicks()
    {
        var values = new List<long> { 0, 1, -1, 7, 10, 12_345, TimeSpan.TicksPerSecond, TimeSpan.MaxValue.Ticks, TimeSpan.MinValue.Ticks };
        var random = new Random(20240601);
        for (var i = 0; i < 40; i++)
        {
            // Values across every magnitude, from single ticks up to years.
            values.Add((long)(random.NextDouble() * Math.Pow(10, random.Next(0, 16))) * (random.Next(2) == 0 ? 1 : -1));
        }

        // Distinct, so that xunit runs every row (it skips rows with the same arguments).
        return new TheoryData<long>(values.Distinct());
    }

    [Theory]
    [MemberData(nameof(DurationTicks))]
    public void Durations_round_trip_through_rendering(long ticks)
    {
        var value = TimeSpan.FromTicks(ticks);
        var rendered = HoconDuration.Format(value);
        Assert.Equal(value, HoconDuration.Parse(rendered));
        Assert.Equal(value, HoconConfig.Parse($"d = {rendered}", HoconOptions.NoEnvironment).GetDuration("d"));
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(512L, "512B")]
    [InlineData(1_024L, "1KiB")]
    [InlineData(65_536L, "64KiB")]
    [InlineData(1_000L, "1kB")]
    [InlineData(10_000_000L, "10MB")]
    [InlineData(3_221_225_472L, "3GiB")]
    [InlineData(1_001L, "1001B")]
    public void Sizes_render_with_the_largest_exact_unit(long bytes, string expected) =>
        Assert.Equal(expected, HoconSize.Format(bytes));

    public static TheoryData<long> Sizes()
    {
        var values = new List<long> { 0, 1, 999, 1_000, 1_024, 1_048_576, 5_000_000, long.MaxValue, long.MinValue, 1L << 62 };
        var random = new Random(424242);
        for (var i = 0; i < 40; i++)
        {
            var unit = new[] { 1L, 1_000L, 1_024L, 1_000_000L, 1L << 20, 1L << 30 }[random.Next(6)];
            values.Add(random.Next(0, 100_000) * unit);
        }

        return new TheoryData<long>(values.Distinct());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sizes_round_trip_through_rendering(long bytes)
    {
        var rendered = HoconSize.Format(bytes);
        Assert.Equal(bytes, HoconSize.Parse(rendered));
        Assert.Equal(bytes, HoconConfig.Parse($"s = {rendered}", HoconOptions.NoEnvironment).GetBytes("s"));
    }
}
