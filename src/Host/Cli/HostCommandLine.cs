using System.CommandLine;
using Actors.Configuration;
using Actors.Configuration.Hocon;

namespace Actors.Host.Cli;

/// <summary>
/// The command line of the host: <c>serve</c>, <c>config</c>, <c>bench</c>, <c>scenarios</c>. Exit codes: 0 success,
/// 1 failure, 2 usage. Errors go to stderr as one readable line, then the detail.
/// </summary>
internal static class HostCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Actors host: an actor-owned, sharded key-value store, its comparison lab and its configuration.")
        {
            CommonOptions.Config,
            CommonOptions.Define,
        };
        foreach (var command in Commands(output, error))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run with --help to see the commands and options.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // The generic host owns SIGTERM/Ctrl-C (graceful shutdown); System.CommandLine's own handler would cut it short.
                ProcessTerminationTimeout = null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Describe(exception) is { } line)
        {
            await error.WriteLineAsync($"error: {line}").ConfigureAwait(false);
            if (exception.InnerException is { } inner)
            {
                await error.WriteLineAsync($"  caused by: {inner.GetType().Name}: {inner.Message}").ConfigureAwait(false);
            }

            return exception is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }

    private static IEnumerable<Command> Commands(TextWriter output, TextWriter error) =>
    [
        ServeCommand.Create(output, error),
        ConfigCommand.Create(output, error),
        BenchCommand.Create(),
        ScenariosCommand.Create(),
        ScenariosCommand.CreateChild(),
        ClusterCommand.Create(output),
    ];

    // Expected failures get one line; anything else is a bug and keeps its stack trace.
    private static string? Describe(Exception exception) => exception switch
    {
        UsageException usage => usage.Message,
        InvalidConfigurationException or HoconException or FileNotFoundException or ArgumentException => exception.Message,
        Store.StoreException or Persistence.PersistenceSchemaException or Store.Cluster.ClusterJoinException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}",
    };
}

/// <summary>A command-line value the command cannot use; exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
