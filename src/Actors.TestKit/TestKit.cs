using Actors.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Actors.TestKit;

/// <summary>
/// The xunit base class for actor tests: a fresh <see cref="ActorSystem"/> per test (xunit creates one test class
/// instance per test), terminated when the test ends; <see cref="TestKitBase.TestActor"/> as the implicit sender of
/// <c>Tell(message)</c> from the test; probes; and dead-letter expectations.
/// <code>
/// public sealed class EchoTests : TestKit
/// {
///     [Fact]
///     public void Echo_replies()
///     {
///         var echo = Sys.ActorOf(Props.Create(() => new Echo()));
///         echo.Tell("hi");
///         ExpectMsg("hi");
///     }
/// }
/// </code>
/// </summary>
public abstract class TestKit : TestKitBase, IAsyncLifetime
{
    private static long s_nextSystemId;
    private readonly IDisposable _implicitSender;
    private readonly TestProbe _deadLetters;

    /// <summary>Creates the system under test.</summary>
    /// <param name="settings">Runtime settings; defaults otherwise (process exit does not terminate test systems).</param>
    /// <param name="output">Where runtime logs go (xunit's test output), if anywhere.</param>
    /// <param name="testKitSettings">TestKit timeouts; the time factor can also come from <c>ACTORS_TEST_TIMEFACTOR</c>.</param>
    protected TestKit(ActorSystemSettings? settings = null, ITestOutputHelper? output = null, TestKitSettings? testKitSettings = null)
        : base(CreateSystem(settings, output), (testKitSettings ?? new TestKitSettings()).WithEnvironmentOverrides(), "testActor", underSystem: true)
    {
        _implicitSender = ImplicitSender.Use(TestActor);
        _deadLetters = CreateTestProbe("deadLetterProbe");
        Sys.EventStream.Subscribe<DeadLetter>(_deadLetters.Ref);
    }

    /// <summary>
    /// Creates the system under test from HOCON (over <c>reference.conf</c>): both the runtime's <c>actors</c> settings
    /// and the TestKit's <c>actors.test</c> come from it, as with Akka's <c>TestKit(config)</c>.
    /// </summary>
    protected TestKit(string hocon, ITestOutputHelper? output = null)
        : this(FromHocon(hocon, out var testKitSettings), output, testKitSettings)
    {
    }

    /// <summary>Skips dead letters until one satisfies <paramref name="predicate"/> and returns it.</summary>
    public DeadLetter ExpectDeadLetter(Predicate<DeadLetter>? predicate = null, TimeSpan? timeout = null, string? hint = null) =>
        _deadLetters.FishForMessage(predicate, timeout, hint ?? "a dead letter");

    /// <inheritdoc cref="ExpectDeadLetter"/>
    public async Task<DeadLetter> ExpectDeadLetterAsync(Predicate<DeadLetter>? predicate = null, TimeSpan? timeout = null, string? hint = null) =>
        (DeadLetter)await _deadLetters.FishForMessageAsync(m => m is DeadLetter d && (predicate is null || predicate(d)), timeout, hint ?? "a dead letter").ConfigureAwait(false);

    /// <summary>Asserts that no dead letter is published within <paramref name="duration"/>.</summary>
    public void ExpectNoDeadLetters(TimeSpan? duration = null) => _deadLetters.ExpectNoMsg(duration);

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Terminates the system, failing the test if it does not terminate within the default timeout (dilated twice).</summary>
    public async Task DisposeAsync()
    {
        _implicitSender.Dispose();
        var timeout = Dilated(TestKitSettings.DefaultTimeout) * 2;
        try
        {
            await Sys.Terminate("the test finished").WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"The actor system {Sys.Name} did not terminate within {timeout} after the test.");
        }
    }

    private static ActorSystemSettings FromHocon(string hocon, out TestKitSettings testKitSettings)
    {
        var configuration = Configuration.ActorsConfiguration.FromHocon(hocon);
        testKitSettings = TestKitSettings.FromConfiguration(configuration);
        return ActorSystemSettings.FromConfiguration(configuration);
    }

    private static ActorSystem CreateSystem(ActorSystemSettings? settings, ITestOutputHelper? output)
    {
        settings ??= new ActorSystemSettings();
        settings = settings with { CoordinatedShutdown = settings.CoordinatedShutdown with { RunByProcessExit = false } };
        ILoggerFactory loggerFactory = output is null
            ? NullLoggerFactory.Instance
            : Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug));
        return ActorSystem.Create($"test-{Interlocked.Increment(ref s_nextSystemId)}", settings, loggerFactory);
    }
}
