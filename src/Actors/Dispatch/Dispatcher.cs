using System.Diagnostics;

namespace Actors.Dispatch;

/// <summary>
/// Runs mailboxes on the .NET thread pool. A mailbox schedules itself (at most once at a time) when it has work;
/// the dispatcher only decides how long a turn may last. All dispatchers share the one thread pool.
/// </summary>
internal sealed class Dispatcher
{
    public Dispatcher(string id, DispatcherSettings settings)
    {
        Id = id;
        Settings = settings.Validate(id);
        Throughput = settings.Throughput;
        DeadlineTicks = settings.ThroughputDeadline is { } deadline && deadline > TimeSpan.Zero
            ? Math.Max(1, (long)(deadline.TotalSeconds * Stopwatch.Frequency))
            : 0;
    }

    public string Id { get; }

    public DispatcherSettings Settings { get; }

    /// <summary>Messages per turn.</summary>
    public int Throughput { get; }

    /// <summary>Length of a turn in <see cref="Stopwatch"/> ticks, or 0 for no deadline.</summary>
    public long DeadlineTicks { get; }

    /// <summary>
    /// Whether work is waiting for a pool thread; a mailbox that has used up its turn gives its thread back only
    /// then. Replaceable so that tests can decide it.
    /// </summary>
    internal Func<bool> OtherWorkWaiting { get; set; } = static () => ThreadPool.PendingWorkItemCount > 0;

    // preferLocal: false — a mailbox woken by another actor goes to the global queue so that idle workers pick it up
    // instead of it waiting behind the waker's local work.
    public void Schedule(IThreadPoolWorkItem mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
