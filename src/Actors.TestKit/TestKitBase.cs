using System.Diagnostics;
using System.Threading.Channels;
using Xunit.Sdk;

namespace Actors.TestKit;

/// <summary>
/// Expectations over the messages one test actor receives (Akka's TestKit API): <c>ExpectMsg</c>,
/// <c>ExpectNoMsg</c>, <c>ReceiveN</c>, <c>FishForMessage</c>, <c>ExpectTerminated</c>, <c>Within</c>,
/// <c>AwaitCondition</c>, <c>AwaitAssert</c>. Every timeout is dilated by the time factor. Each method has an
/// <c>…Async</c> twin; the synchronous ones block the calling (test) thread, never an actor's.
/// </summary>
public abstract class TestKitBase
{
    private readonly Channel<ReceivedMessage> _queue;
    private long? _withinDeadline;

    private protected TestKitBase(ActorSystem system, TestKitSettings settings, string testActorName, bool underSystem)
    {
        Sys = system;
        TestKitSettings = settings;
        _queue = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
        var props = Props.Create(() => new TestActor(_queue.Writer));
        TestActor = underSystem ? system.SystemActorOf(props, testActorName) : system.ActorOf(props, testActorName);
        LastSender = system.DeadLetters;
    }

    /// <summary>The actor system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The TestKit's timeouts.</summary>
    public TestKitSettings TestKitSettings { get; }

    /// <summary>The actor whose received messages the expectations inspect; use it as the sender or reply-to.</summary>
    public IActorRef TestActor { get; }

    /// <summary>The sender of the last message taken by an expectation.</summary>
    public IActorRef LastSender { get; private set; }

    /// <summary>Time left in the enclosing <c>Within</c> block, or the default expectation timeout outside one.</summary>
    public TimeSpan RemainingOrDefault => _withinDeadline is { } deadline
        ? Max(TimeSpan.Zero, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline))
        : Dilated(TestKitSettings.SingleExpectDefault);

    /// <summary><paramref name="duration"/> scaled by the time factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    /// <summary>Creates another independent test actor with its own queue.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, TestKitSettings, name);

    /// <summary>Waits for the next message and asserts it is a <typeparamref name="T"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => Wait(ExpectMsgAsync<T>(timeout));

    /// <summary>Waits for the next message and asserts it is a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null) =>
        Wait(ExpectMsgAsync(predicate, timeout, hint));

    /// <summary>Waits for the next message, asserts it is a <typeparamref name="T"/>, and runs <paramref name="assertion"/> on it.</summary>
    public T ExpectMsg<T>(Action<T> assertion, TimeSpan? timeout = null) => Wait(ExpectMsgAsync(assertion, timeout));

    /// <summary>Waits for the next message and asserts it equals <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
        where T : notnull => Wait(ExpectMsgAsync(expected, timeout));

    /// <inheritdoc cref="ExpectMsg{T}(TimeSpan?)"/>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null) => ExpectMsgAsync<T>(static _ => true, timeout);

    /// <inheritdoc cref="ExpectMsg{T}(Predicate{T}, TimeSpan?, string?)"/>
    public async Task<T> ExpectMsgAsync<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null)
    {
        var effective = EffectiveTimeout(timeout);
        var received = await ReceiveOneAsync(effective).ConfigureAwait(false)
            ?? throw new XunitException($"Expected a message of type {typeof(T).Name}{Hint(hint)} within {Describe(effective)}, but none arrived.");
        if (received.Message is not T typed)
        {
            throw new XunitException($"Expected a message of type {typeof(T).Name}{Hint(hint)}, but received {Show(received)}.");
        }

        if (!predicate(typed))
        {
            throw new XunitException($"Received {Show(received)}, which does not satisfy the expectation{Hint(hint)}.");
        }

        return typed;
    }

    /// <inheritdoc cref="ExpectMsg{T}(Action{T}, TimeSpan?)"/>
    public async Task<T> ExpectMsgAsync<T>(Action<T> assertion, TimeSpan? timeout = null)
    {
        var message = await ExpectMsgAsync<T>(timeout).ConfigureAwait(false);
        assertion(message);
        return message;
    }

    /// <inheritdoc cref="ExpectMsg{T}(T, TimeSpan?)"/>
    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
        where T : notnull => ExpectMsgAsync<T>(m => Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Asserts that no message arrives within <paramref name="duration"/> (default: <c>expect-no-message-default</c>).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => Wait(ExpectNoMsgAsync(duration));

    /// <inheritdoc cref="ExpectNoMsg"/>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var effective = duration is { } d ? Dilated(d) : Dilated(TestKitSettings.ExpectNoMessageDefault);
        var received = await ReceiveOneAsync(effective).ConfigureAwait(false);
        if (received is not null)
        {
            throw new XunitException($"Expected no message within {Describe(effective)}, but received {Show(received)}.");
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, of any type, in order.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => Wait(ReceiveNAsync(count, timeout));

    /// <inheritdoc cref="ReceiveN"/>
    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + ToTicks(EffectiveTimeout(timeout));
        var messages = new List<object>(count);
        while (messages.Count < count)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            var received = await ReceiveOneAsync(Max(left, TimeSpan.Zero)).ConfigureAwait(false)
                ?? throw new XunitException($"Expected {count} messages, but only {messages.Count} arrived in time: [{string.Join(", ", messages)}].");
            messages.Add(received.Message);
        }

        return messages;
    }

    /// <summary>
    /// Receives messages while they satisfy <paramref name="predicate"/>, until none arrives for <paramref name="idle"/>
    /// (default: <c>expect-no-message-default</c>) or <paramref name="max"/> has passed. The first message that fails the
    /// predicate ends the call and is consumed.
    /// </summary>
    public IReadOnlyList<object> ReceiveWhile(Predicate<object> predicate, TimeSpan? max = null, TimeSpan? idle = null) =>
        Wait(ReceiveWhileAsync(predicate, max, idle));

    /// <inheritdoc cref="ReceiveWhile"/>
    public async Task<IReadOnlyList<object>> ReceiveWhileAsync(Predicate<object> predicate, TimeSpan? max = null, TimeSpan? idle = null)
    {
        var deadline = Stopwatch.GetTimestamp() + ToTicks(EffectiveTimeout(max));
        var gap = Dilated(idle ?? TestKitSettings.ExpectNoMessageDefault);
        var messages = new List<object>();
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            var received = await ReceiveOneAsync(left < gap ? Max(left, TimeSpan.Zero) : gap).ConfigureAwait(false);
            if (received is null || !predicate(received.Message))
            {
                return messages;
            }

            messages.Add(received.Message);
        }
    }

    /// <summary>Skips messages until one satisfies <paramref name="isTheOne"/>, and returns it.</summary>
    public object FishForMessage(Predicate<object> isTheOne, TimeSpan? timeout = null, string? hint = null) =>
        Wait(FishForMessageAsync(isTheOne, timeout, hint));

    /// <summary>Skips messages until a <typeparamref name="T"/> satisfying <paramref name="isTheOne"/> arrives, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T>? isTheOne = null, TimeSpan? timeout = null, string? hint = null) =>
        (T)Wait(FishForMessageAsync(m => m is T typed && (isTheOne is null || isTheOne(typed)), timeout, hint ?? $"a {typeof(T).Name}"));

    /// <inheritdoc cref="FishForMessage(Predicate{object}, TimeSpan?, string?)"/>
    public async Task<object> FishForMessageAsync(Predicate<object> isTheOne, TimeSpan? timeout = null, string? hint = null)
    {
        var effective = EffectiveTimeout(timeout);
        var deadline = Stopwatch.GetTimestamp() + ToTicks(effective);
        var skipped = 0;
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            var received = await ReceiveOneAsync(Max(left, TimeSpan.Zero)).ConfigureAwait(false)
                ?? throw new XunitException($"Fished for a message{Hint(hint)} for {Describe(effective)} and skipped {skipped}, but the one never came.");
            if (isTheOne(received.Message))
            {
                return received.Message;
            }

            skipped++;
        }
    }

    /// <summary>Makes the test actor watch <paramref name="target"/>, so that <see cref="ExpectTerminated"/> can see it stop.</summary>
    public IActorRef Watch(IActorRef target)
    {
        Wait(TestActor.Ask<object>(new TestActor.WatchRequest(target), Dilated(TestKitSettings.DefaultTimeout)));
        return target;
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public IActorRef Unwatch(IActorRef target)
    {
        Wait(TestActor.Ask<object>(new TestActor.UnwatchRequest(target), Dilated(TestKitSettings.DefaultTimeout)));
        return target;
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/>, which must be <see cref="Watch"/>ed.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => Wait(ExpectTerminatedAsync(target, timeout));

    /// <inheritdoc cref="ExpectTerminated"/>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout, $"Terminated of {target.Path}");

    /// <summary>
    /// Runs <paramref name="block"/> and asserts it finished within <paramref name="max"/> (and no sooner than
    /// <paramref name="min"/>); expectations inside default to the time left.
    /// </summary>
    public void Within(TimeSpan min, TimeSpan max, Action block) => Wait(WithinAsync(min, max, () =>
    {
        block();
        return Task.CompletedTask;
    }));

    /// <inheritdoc cref="Within(TimeSpan, TimeSpan, Action)"/>
    public void Within(TimeSpan max, Action block) => Within(TimeSpan.Zero, max, block);

    /// <inheritdoc cref="Within(TimeSpan, TimeSpan, Action)"/>
    public async Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> block)
    {
        var dilatedMax = Dilated(max);
        var start = Stopwatch.GetTimestamp();
        var outer = _withinDeadline;
        var deadline = start + ToTicks(dilatedMax);
        _withinDeadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            _withinDeadline = outer;
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        if (elapsed < min)
        {
            throw new XunitException($"The block finished in {Describe(elapsed)}, sooner than the minimum {Describe(min)}.");
        }

        if (elapsed > dilatedMax)
        {
            throw new XunitException($"The block took {Describe(elapsed)}, longer than the maximum {Describe(dilatedMax)}.");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="duration"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? duration = null, TimeSpan? interval = null, string? message = null) =>
        Wait(AwaitConditionAsync(() => Task.FromResult(condition()), duration, interval, message));

    /// <inheritdoc cref="AwaitCondition"/>
    public async Task AwaitConditionAsync(Func<Task<bool>> condition, TimeSpan? duration = null, TimeSpan? interval = null, string? message = null)
    {
        var effective = duration is { } d ? Dilated(d) : _withinDeadline is not null ? RemainingOrDefault : Dilated(TestKitSettings.DefaultTimeout);
        var deadline = Stopwatch.GetTimestamp() + ToTicks(effective);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                throw new XunitException($"The condition{Hint(message)} did not hold within {Describe(effective)}.");
            }

            await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes, rethrowing its last failure after <paramref name="duration"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        Wait(AwaitAssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, duration, interval));

    /// <inheritdoc cref="AwaitAssert"/>
    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var effective = duration is { } d ? Dilated(d) : _withinDeadline is not null ? RemainingOrDefault : Dilated(TestKitSettings.DefaultTimeout);
        var deadline = Stopwatch.GetTimestamp() + ToTicks(effective);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    private protected static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private protected static void Wait(Task task) => task.GetAwaiter().GetResult();

    private async Task<ReceivedMessage?> ReceiveOneAsync(TimeSpan timeout)
    {
        if (_queue.Reader.TryRead(out var ready))
        {
            LastSender = ready.Sender;
            return ready;
        }

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            var received = await _queue.Reader.ReadAsync(cancellation.Token).ConfigureAwait(false);
            LastSender = received.Sender;
            return received;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private TimeSpan EffectiveTimeout(TimeSpan? timeout) => timeout is { } t ? Dilated(t) : RemainingOrDefault;

    private static long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Hint(string? hint) => hint is null ? string.Empty : $" ({hint})";

    private static string Show(ReceivedMessage received) =>
        $"{received.Message.GetType().Name} {received.Message} from {received.Sender.Path}";

    private string Describe(TimeSpan duration) =>
        TestKitSettings.TimeFactor == 1.0 ? $"{duration.TotalMilliseconds:0} ms" : $"{duration.TotalMilliseconds:0} ms (time factor {TestKitSettings.TimeFactor})";
}
