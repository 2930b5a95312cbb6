using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Actors.Dispatch;
using Actors.Events;
using Actors.Mailboxes;
using Actors.Scheduling;
using Actors.Shutdown;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Actors;

/// <summary>
/// A hierarchy of actors with the services they share: dispatchers, mailboxes, scheduler, dead letters, event stream
/// and coordinated shutdown. Create one per application with <c>Create</c>; stop it with <see cref="Terminate()"/>
/// (or let process exit do it).
/// </summary>
public sealed partial class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _root;
    private readonly LocalActorRef _userGuardian;
    private readonly LocalActorRef _systemGuardian;
    private readonly ActorPath _tempPath;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Type, ILogger> _loggers = new();
    private readonly TimerScheduler _scheduler;
    private readonly DeadLetterActorRef _deadLetters;
    private readonly EventHandler? _onProcessExit;
    private readonly PosixSignalRegistration? _onSigterm;

    private ActorSystem(string name, ActorSystemSettings settings, ILoggerFactory loggerFactory)
    {
        Name = name;
        Settings = settings;
        LoggerFactory = loggerFactory;
        RuntimeLog = loggerFactory.CreateLogger("Actors.Runtime");
        Mailboxes = new MailboxRegistry(settings.Mailboxes);
        Dispatchers = new DispatcherRegistry(settings.Dispatchers);
        EventStream = new EventStream();
        DeadLetterOffice = new DeadLetterOffice(this);
        _scheduler = new TimerScheduler(settings.TimeProvider, RuntimeLog);
        CoordinatedShutdown = new CoordinatedShutdown(this, settings.CoordinatedShutdown);

        var rootPath = ActorPath.Root(name);
        _tempPath = rootPath.Child("temp");
        _deadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));
        if (settings.LogDeadLetters > 0)
        {
            var logger = new DeadLetterLogger(loggerFactory.CreateLogger("Actors.DeadLetters"), settings.LogDeadLetters, settings.LogDeadLettersSuspendDuration, settings.TimeProvider);
            EventStream.Subscribe<DeadLetter>(logger.OnDeadLetter);
        }

        var guardian = Props.Create(static () => new GuardianActor());
        _root = new ActorCell(this, rootPath, parent: null, guardian, MailboxSettings.Unbounded, Dispatchers.Resolve(DispatcherSettings.DefaultId));
        _root.SelfRef.SendSystemMessage(new Create());
        _userGuardian = _root.AttachChild(guardian, "user");
        _systemGuardian = _root.AttachChild(guardian, "system");

        RegisterShutdownTasks();
        if (settings.CoordinatedShutdown.RunByProcessExit)
        {
            _onProcessExit = (_, _) => TerminateOnProcessExit();
            AppDomain.CurrentDomain.ProcessExit += _onProcessExit;

            // Since .NET 10 the runtime no longer turns SIGTERM into ProcessExit, so listen for it directly. The
            // handler shuts down and then lets the default action end the process (unless a host cancels it).
            try
            {
                _onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => TerminateOnProcessExit());
            }
            catch (PlatformNotSupportedException)
            {
                _onSigterm = null;
            }
        }
    }

    /// <summary>The system's name, the authority of its actor paths.</summary>
    public string Name { get; }

    /// <summary>The settings it was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The logger factory actors log through.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The publish/subscribe bus for dead letters, failures and user events.</summary>
    public EventStream EventStream { get; }

    /// <summary>The ref that publishes whatever it receives as a dead letter; the sender of messages that had none.</summary>
    public IActorRef DeadLetters => _deadLetters;

    /// <summary>Timers that send messages.</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>The ordered shutdown that <see cref="Terminate()"/> runs.</summary>
    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes when every actor, guardians included, has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal TimeProvider TimeProvider => Settings.TimeProvider;

    internal MailboxRegistry Mailboxes { get; }

    internal DispatcherRegistry Dispatchers { get; }

    internal DeadLetterOffice DeadLetterOffice { get; }

    internal ILogger RuntimeLog { get; }

    internal LocalActorRef UserGuardian => _userGuardian;

    internal LocalActorRef SystemGuardian => _systemGuardian;

    /// <summary>Creates an actor system. <paramref name="name"/> is a path authority: letters, digits, '-' and '_'.</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null, ILoggerFactory? loggerFactory = null)
    {
        if (string.IsNullOrEmpty(name) || !ValidName().IsMatch(name))
        {
            throw new ArgumentException($"Actor system name '{name}' is invalid: use ASCII letters, digits, '-' and '_', starting with a letter or digit.", nameof(name));
        }

        return new ActorSystem(name, settings ?? new ActorSystemSettings(), loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>
    /// Creates an actor system from a configuration (its <c>actors</c> section; see <c>hocon/reference.conf</c>), e.g.
    /// <c>ActorSystem.Create("app", ActorsConfiguration.Build("app.conf"))</c>. A malformed setting fails here.
    /// </summary>
    public static ActorSystem Create(string name, Microsoft.Extensions.Configuration.IConfiguration configuration, ILoggerFactory? loggerFactory = null) =>
        Create(name, ActorSystemSettings.FromConfiguration(configuration), loggerFactory);

    /// <summary>Creates a top-level actor under <c>/user</c>. Safe from any thread.</summary>
    /// <exception cref="InvalidActorNameException">The name is malformed or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is shutting down.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.AttachChild(props, name);

    /// <summary>Creates a runtime-internal actor under <c>/system</c> (test actors, journals, extensions).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.Cell.AttachChild(props, name);

    /// <summary>Stops <paramref name="actor"/> after the message it is processing; queued messages become dead letters.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (actor as InternalActorRef ?? throw new ArgumentException("Not a ref created by an ActorSystem.", nameof(actor)))
            .SendSystemMessage(new Terminate());
    }

    /// <summary>Runs the coordinated shutdown and completes when the system has terminated.</summary>
    public Task Terminate() => Terminate("ActorSystem.Terminate was called");

    /// <summary>Runs the coordinated shutdown with a reason that is logged.</summary>
    public async Task Terminate(string reason)
    {
        await CoordinatedShutdown.RunAsync(reason).ConfigureAwait(false);
        OnRootTerminated();
        await WhenTerminated.ConfigureAwait(false);
    }

    /// <summary>Terminates the system.</summary>
    public async ValueTask DisposeAsync() => await Terminate("disposed").ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem {Name}";

    internal ILogger LoggerFor(Type actorType) => _loggers.GetOrAdd(actorType, static (type, factory) => factory.CreateLogger(type.FullName ?? type.Name), LoggerFactory);

    internal ActorPath TempPath(string name) => _tempPath.Child(name);

    internal void OnRootTerminated()
    {
        if (_terminated.Task.IsCompleted)
        {
            return;
        }

        _scheduler.Dispose();
        if (_onProcessExit is not null)
        {
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        }

        _onSigterm?.Dispose();

        _terminated.TrySetResult();
    }

    private void TerminateOnProcessExit()
    {
        var settings = Settings.CoordinatedShutdown;
        var budget = CoordinatedShutdown.OrderedPhases.Aggregate(TimeSpan.Zero, (sum, phase) => sum + settings.TimeoutOf(phase));
        Terminate("the process is exiting").Wait(budget + TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ValidName();
}
