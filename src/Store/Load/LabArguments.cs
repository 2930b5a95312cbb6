using System.Globalization;
using Actors.Configuration.Hocon;
using Actors.Store.Strategies;

namespace Actors.Store.Load;

/// <summary>
/// Parsers for the lab's command-line values, each with an error that says what was wrong and what is accepted,
/// so that the host's commands stay thin.
/// </summary>
public static class LabArguments
{
    /// <summary>A duration such as <c>10s</c>, <c>500ms</c> or <c>2m</c>; must be positive.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var duration = HoconDuration.Parse(text);
        return duration > TimeSpan.Zero ? duration : throw new FormatException($"'{text}' must be a positive duration.");
    }

    /// <summary>A count such as <c>100000</c>, <c>100_000</c>, <c>250k</c> or <c>2m</c> (k = 1000, m = 1000000).</summary>
    public static long ParseCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().Replace("_", "", StringComparison.Ordinal);
        long multiplier = 1;
        if (trimmed.EndsWith('k') || trimmed.EndsWith('K'))
        {
            multiplier = 1_000;
        }
        else if (trimmed.EndsWith('m') || trimmed.EndsWith('M'))
        {
            multiplier = 1_000_000;
        }

        var number = multiplier == 1 ? trimmed : trimmed[..^1];
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
               && value * multiplier is var total && total >= 0 && total <= long.MaxValue && total == decimal.Truncate(total)
            ? (long)total
            : throw new FormatException($"'{text}' is not a count: expected a whole number such as 100000, 100_000, 250k or 2m.");
    }

    /// <summary>A rate in operations per second, written as a count (<c>50k</c>).</summary>
    public static double ParseRate(string text) =>
        ParseCount(text) is > 0 and var rate ? rate : throw new FormatException($"'{text}' must be a positive rate (operations per second).");

    /// <summary><c>uniform</c>, <c>zipf</c> or <c>zipf:SKEW</c> (for example <c>zipf:1.2</c>); the skew is null when not given.</summary>
    public static (KeyDistribution Distribution, double? Skew) ParseDistribution(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':', 2);
        if (parts[0].Equals("uniform", StringComparison.OrdinalIgnoreCase) && parts.Length == 1)
        {
            return (KeyDistribution.Uniform, null);
        }

        if (parts[0].Equals("zipf", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length == 1)
            {
                return (KeyDistribution.Zipf, null);
            }

            if (double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var skew) && skew >= 0 && double.IsFinite(skew))
            {
                return (KeyDistribution.Zipf, skew);
            }
        }

        throw new FormatException($"'{text}' is not a key distribution: expected uniform, zipf or zipf:SKEW with SKEW ≥ 0 (e.g. zipf:1.2).");
    }

    /// <summary><c>closed</c> or <c>open</c>.</summary>
    public static LoopMode ParseLoop(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "closed" => LoopMode.Closed,
        "open" => LoopMode.Open,
        _ => throw new FormatException($"'{text}' is not a loop mode: expected closed or open."),
    };

    /// <summary><c>acknowledged</c> (or <c>ask</c>) or <c>pipelined</c> (or <c>tell</c>).</summary>
    public static WriteMode ParseWriteMode(string text) => text?.Trim().ToLowerInvariant() switch
    {
        "acknowledged" or "ask" => WriteMode.Acknowledged,
        "pipelined" or "tell" => WriteMode.Pipelined,
        _ => throw new FormatException($"'{text}' is not a write mode: expected acknowledged or pipelined."),
    };

    /// <summary>A comma-separated list of strategy names (checked against a registry when the run resolves them).</summary>
    public static IReadOnlyList<string> ParseStrategies(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length > 0
            ? names
            : throw new FormatException($"'{text}' names no strategy: expected a comma-separated list such as {string.Join(",", StrategyNames.Catalogue)}.");
    }
}
