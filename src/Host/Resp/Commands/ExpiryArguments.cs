namespace Actors.Host.Resp.Commands;

/// <summary>The bounds of a relative expiry: far enough for any use, near enough that a deadline never overflows a date.</summary>
public static class ExpiryArguments
{
    /// <summary>About 3,000 years.</summary>
    public const long MaxMilliseconds = 100_000_000_000_000;

    public const long MaxSeconds = MaxMilliseconds / 1000;

    /// <summary>Redis' TTL: whole seconds, rounded to the nearest.</summary>
    public static long Seconds(TimeSpan left) => Math.Max(0, (long)Math.Round(left.TotalMilliseconds / 1000, MidpointRounding.AwayFromZero));

    /// <summary>Redis' PTTL: whole milliseconds, rounded up so a live key never reports 0.</summary>
    public static long Milliseconds(TimeSpan left) => Math.Max(1, (long)Math.Ceiling(left.TotalMilliseconds));
}
