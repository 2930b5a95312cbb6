using Actors.Configuration;
using Actors.Dispatch;
using Actors.Mailboxes;
using Actors.Shutdown;
using Microsoft.Extensions.Configuration;

namespace Actors;

/// <summary>Reading the settings from the <c>actors</c> section of a configuration (see <c>hocon/reference.conf</c>).</summary>
public sealed partial record ActorSystemSettings
{
    private static readonly Dictionary<string, OverflowPolicy> OverflowPolicies = new(StringComparer.Ordinal)
    {
        ["backpressure"] = OverflowPolicy.Backpressure,
        ["reject"] = OverflowPolicy.Reject,
        ["drop-oldest"] = OverflowPolicy.DropOldest,
    };

    private static readonly Dictionary<string, bool> MailboxTypes = new(StringComparer.Ordinal)
    {
        ["unbounded"] = false,
        ["bounded"] = true,
    };

    /// <summary>
    /// Reads the settings from <paramref name="configuration"/> (its <c>actors</c> section). Missing settings keep
    /// their defaults; a malformed one fails here with <see cref="InvalidConfigurationException"/>, naming it.
    /// </summary>
    public static ActorSystemSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var actors = configuration.GetSection("actors");
        var defaults = new ActorSystemSettings();
        return defaults with
        {
            AskTimeout = RequirePositive(actors, "ask-timeout", actors.GetDuration("ask-timeout", defaults.AskTimeout)),
            LogDeadLetters = actors.GetInt32("log-dead-letters", defaults.LogDeadLetters, min: 0),
            LogDeadLettersSuspendDuration = actors.GetDuration("log-dead-letters-suspend-duration", defaults.LogDeadLettersSuspendDuration),
            Dispatchers = ReadDispatchers(actors.GetSection("dispatchers")),
            Mailboxes = ReadMailboxes(actors.GetSection("mailboxes"), defaults.Mailboxes),
            CoordinatedShutdown = ReadShutdown(actors.GetSection("coordinated-shutdown")),
        };
    }

    private static Dictionary<string, DispatcherSettings> ReadDispatchers(IConfigurationSection section)
    {
        var dispatchers = new Dictionary<string, DispatcherSettings>(StringComparer.Ordinal) { [DispatcherSettings.DefaultId] = new() };
        foreach (var dispatcher in section.GetChildren())
        {
            var defaults = new DispatcherSettings();
            dispatchers[dispatcher.Key] = Validated(dispatcher, "throughput", () => new DispatcherSettings
            {
                Throughput = dispatcher.GetInt32("throughput", defaults.Throughput, min: 1),
                ThroughputDeadline = dispatcher.GetOptionalDuration("throughput-deadline-time", defaults.ThroughputDeadline),
            }.Validate(dispatcher.Key));
        }

        return dispatchers;
    }

    private static Dictionary<string, MailboxSettings> ReadMailboxes(IConfigurationSection section, IReadOnlyDictionary<string, MailboxSettings> builtIn)
    {
        var mailboxes = new Dictionary<string, MailboxSettings>(builtIn, StringComparer.Ordinal);
        foreach (var mailbox in section.GetChildren())
        {
            var defaults = MailboxSettings.Bounded(1000);
            var bounded = mailbox.GetChoice("mailbox-type", false, MailboxTypes);
            mailboxes[mailbox.Key] = Validated(mailbox, "mailbox-capacity", () => new MailboxSettings
            {
                IsBounded = bounded,
                Capacity = mailbox.GetInt32("mailbox-capacity", defaults.Capacity, min: 1),
                PushTimeout = mailbox.GetDuration("mailbox-push-timeout-time", defaults.PushTimeout),
                Overflow = mailbox.GetChoice("overflow-policy", defaults.Overflow, OverflowPolicies),
            }.Validate(mailbox.Key));
        }

        return mailboxes;
    }

    private static CoordinatedShutdownSettings ReadShutdown(IConfigurationSection section)
    {
        var defaults = new CoordinatedShutdownSettings();
        var defaultTimeout = section.GetDuration("default-phase-timeout", defaults.DefaultPhaseTimeout);
        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var phase in section.GetSection("phases").GetChildren())
        {
            if (!Shutdown.CoordinatedShutdown.OrderedPhases.Contains(phase.Key))
            {
                throw new InvalidConfigurationException(
                    $"{section.HoconPath("phases")}.{phase.Key}",
                    $"unknown phase; phases are {string.Join(", ", Shutdown.CoordinatedShutdown.OrderedPhases)}.");
            }

            phases[phase.Key] = phase.GetDuration("timeout", defaultTimeout);
        }

        return new CoordinatedShutdownSettings
        {
            RunByProcessExit = section.GetBoolean("run-by-process-exit", defaults.RunByProcessExit),
            DefaultPhaseTimeout = defaultTimeout,
            PhaseTimeouts = phases,
        };
    }

    private static TimeSpan RequirePositive(IConfiguration section, string key, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw section.Invalid(key, section[key], "a positive duration such as 5s");

    // Range checks that span several values live in Validate(); report them against the section's path.
    private static T Validated<T>(IConfigurationSection section, string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException error)
        {
            throw new InvalidConfigurationException(section.HoconPath(key), error.Message);
        }
    }
}
