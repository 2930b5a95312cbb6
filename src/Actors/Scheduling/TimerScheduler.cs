using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Actors.Scheduling;

/// <summary>
/// The scheduler on <see cref="TimeProvider"/> timers (the system's, so tests can substitute time). It keeps the live
/// entries so that terminating the system cancels them all.
/// </summary>
internal sealed class TimerScheduler(TimeProvider time, ILogger log) : IScheduler, IDisposable
{
    private readonly ConcurrentDictionary<Entry, byte> _live = new();
    private volatile bool _disposed;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        RequirePositive(interval, nameof(interval));
        return Schedule(initialDelay, interval, () => receiver.Tell(message, sender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(delay, Timeout.InfiniteTimeSpan, action);
    }

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        RequirePositive(interval, nameof(interval));
        return Schedule(initialDelay, interval, action);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var entry in _live.Keys)
        {
            entry.Cancel();
        }
    }

    private Entry Schedule(TimeSpan delay, TimeSpan interval, Action action)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must not be negative.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = new Entry(this, action, interval != Timeout.InfiniteTimeSpan);
        _live.TryAdd(entry, 0);
        entry.Start(time, delay, interval);
        return entry;
    }

    private static void RequirePositive(TimeSpan interval, string name)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, interval, "A repeat interval must be positive.");
        }
    }

    private sealed class Entry(TimerScheduler owner, Action action, bool repeats) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeProvider time, TimeSpan delay, TimeSpan interval)
        {
            var timer = time.CreateTimer(static e => ((Entry)e!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer = timer;
            timer.Change(delay, interval);
            if (_cancelled)
            {
                timer.Dispose();
            }
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
            owner._live.TryRemove(this, out _);
        }

        private void Fire()
        {
            if (_cancelled)
            {
                return;
            }

            if (!repeats)
            {
                Cancel();
            }

            try
            {
                action();
            }
            catch (Exception exception)
            {
                owner.Log(exception);
            }
        }
    }

    private void Log(Exception exception) => log.LogError(exception, "A scheduled task threw.");
}
