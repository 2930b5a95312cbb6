using Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Actors.TestKit;

/// <summary>
/// Timeouts of the TestKit (<c>actors.test</c> in configuration). Every timeout is multiplied by
/// <see cref="TimeFactor"/>, so a slow CI machine can stretch them all at once: set <c>actors.test.timefactor</c>
/// or the environment variable <c>ACTORS_TEST_TIMEFACTOR</c> (which wins).
/// </summary>
public sealed record TestKitSettings
{
    /// <summary>The environment variable that overrides <see cref="TimeFactor"/>.</summary>
    public const string TimeFactorVariable = "ACTORS_TEST_TIMEFACTOR";

    /// <summary>Multiplies every TestKit timeout (<c>timefactor</c>).</summary>
    public double TimeFactor { get; init; } = 1.0;

    /// <summary>How long an expectation waits by default (<c>single-expect-default</c>).</summary>
    public TimeSpan SingleExpectDefault { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long <c>ExpectNoMsg()</c> watches by default (<c>expect-no-message-default</c>).</summary>
    public TimeSpan ExpectNoMessageDefault { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The default of <c>AwaitCondition</c>/<c>AwaitAssert</c> and of shutting the system down (<c>default-timeout</c>).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads <c>actors.test</c> from <paramref name="configuration"/>; missing settings keep their defaults.</summary>
    public static TestKitSettings FromConfiguration(IConfiguration configuration)
    {
        var test = configuration.GetSection("actors:test");
        var defaults = new TestKitSettings();
        return new TestKitSettings
        {
            TimeFactor = test.GetDouble("timefactor", defaults.TimeFactor, min: double.Epsilon),
            SingleExpectDefault = test.GetDuration("single-expect-default", defaults.SingleExpectDefault),
            ExpectNoMessageDefault = test.GetDuration("expect-no-message-default", defaults.ExpectNoMessageDefault),
            DefaultTimeout = test.GetDuration("default-timeout", defaults.DefaultTimeout),
        };
    }

    /// <summary>These settings with the time factor from <see cref="TimeFactorVariable"/>, when it is set.</summary>
    public TestKitSettings WithEnvironmentOverrides()
    {
        var text = Environment.GetEnvironmentVariable(TimeFactorVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return this;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var factor) || factor <= 0)
        {
            throw new ArgumentException($"{TimeFactorVariable}='{text}' is not a positive number (e.g. 1, 2.5).");
        }

        return this with { TimeFactor = factor };
    }

    /// <summary>Scales <paramref name="duration"/> by <see cref="TimeFactor"/>.</summary>
    public TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));
}
