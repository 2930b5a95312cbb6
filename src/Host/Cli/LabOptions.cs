using System.CommandLine;
using Actors.Store.Load;
using Actors.Store.Strategies;

namespace Actors.Host.Cli;

/// <summary>Options shared by <c>bench</c> and <c>scenarios</c>, and how their values are read.</summary>
internal static class LabOptions
{
    public static Option<string?> Strategies() => new("--strategies", "-s")
    {
        Description = $"Comma-separated strategies (default: all eight: {string.Join(",", StrategyNames.Catalogue)}; also direct-go).",
    };

    public static Option<string?> Json() => new("--json") { Description = "Write the results as JSON to this file (default: data/reports/<command>-<time>.json)." };

    public static Option<string?> Html() => new("--html") { Description = "Write a self-contained HTML report with charts to this file (default: data/reports/<command>-<time>.html)." };

    public static Option<int> Shards() => new("--shards")
    {
        Description = $"Shards of the striped and actor strategies (default: {StrategyOptions.DefaultShards}).",
        DefaultValueFactory = _ => StrategyOptions.DefaultShards,
    };

    public static Option<int> MailboxCapacity() => new("--mailbox-capacity")
    {
        Description = $"Capacity of each actor-bounded shard mailbox (default: {StrategyOptions.DefaultMailboxCapacity}).",
        DefaultValueFactory = _ => StrategyOptions.DefaultMailboxCapacity,
    };

    /// <summary>The strategies named on the command line, checked against the registry up front (a usage error if unknown).</summary>
    public static IReadOnlyList<string>? ParseStrategies(string? text, StrategyRegistry registry)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var names = Usage(() => LabArguments.ParseStrategies(text));
        Usage(() => registry.Resolve(names));
        return names;
    }

    /// <summary>Where a report goes: the given path, or a timestamped file under data/reports (where the dashboard looks).</summary>
    public static string ReportPath(string? given, string command, string extension) =>
        given ?? Path.Combine("data", "reports", $"{command}-{DateTime.Now:yyyyMMdd-HHmmss}.{extension}");

    /// <summary>Runs a parse of a command-line value, turning its error into a usage error.</summary>
    public static T Usage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            throw new UsageException(error.Message);
        }
    }
}
