namespace Actors.Benchmarks;

/// <summary>Counts messages into a shared counter that releases a waiter when a target is reached.</summary>
internal sealed class CountingActor(CountingActor.Counter counter) : ActorBase
{
    public static readonly object Message = new();

    private int _unreported;

    protected override bool Receive(object message)
    {
        // Report in batches: the shared counter must not be the bottleneck being measured.
        if (++_unreported == 1000)
        {
            counter.Add(_unreported);
            _unreported = 0;
        }

        return true;
    }

    public sealed class Counter
    {
        private long _count;
        private long _target;
        private ManualResetEventSlim _done = new(false);

        public ManualResetEventSlim Expect(long messages)
        {
            _done = new ManualResetEventSlim(false);
            Interlocked.Exchange(ref _count, 0);
            Volatile.Write(ref _target, messages);
            return _done;
        }

        public void Add(int count)
        {
            if (Interlocked.Add(ref _count, count) == Volatile.Read(ref _target))
            {
                _done.Set();
            }
        }
    }
}
