using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Actors.Store.Hosting;

/// <summary>
/// Akka.NET's log into Microsoft.Extensions.Logging with a category per source: each event is logged under the full
/// name of the class that logged it (an actor's type, <c>Akka.Event.DeadLetterListener</c>, …), so an application can
/// filter Akka.NET's output per component the way it filters its own. Akka.Hosting's logger puts every event under one
/// category (<c>Akka.Actor.ActorSystem</c>); this one keeps its setup (the host's <see cref="ILoggerFactory"/>).
/// </summary>
/// <remarks>
/// Registered with <c>ConfigureLoggers(l =&gt; l.AddLogger&lt;CategorizedAkkaLogger&gt;())</c>. The text of an event
/// is formatted by Akka.NET's own formatter; the actor path is kept as the <c>AkkaSource</c> property.
/// </remarks>
public sealed class CategorizedAkkaLogger : Akka.Actor.ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _byClass = [];

    public CategorizedAkkaLogger()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        if (!setup.HasValue)
        {
            throw new InvalidOperationException(
                $"{nameof(CategorizedAkkaLogger)} needs Akka.Hosting's {nameof(LoggerFactorySetup)} in the actor system's setup (start the system with AddAkka).");
        }

        _factory = setup.Value.LoggerFactory;
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent log:
                Write(log);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent log)
    {
        var logger = LoggerFor(log.LogClass);
        var level = log.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => MelLogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => MelLogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => MelLogLevel.Warning,
            _ => MelLogLevel.Error,
        };
        if (logger.IsEnabled(level))
        {
#pragma warning disable CA2254 // The template is constant; the text is an argument, so braces in it are never parsed.
            logger.Log(level, log.Cause, "[{AkkaSource}] {AkkaMessage}", log.LogSource, log.Message?.ToString());
#pragma warning restore CA2254
        }
    }

    private ILogger LoggerFor(Type? logClass)
    {
        var type = logClass ?? typeof(Akka.Actor.ActorSystem);
        if (!_byClass.TryGetValue(type, out var logger))
        {
            logger = _factory.CreateLogger(type.FullName ?? type.Name);
            _byClass[type] = logger;
        }

        return logger;
    }
}
