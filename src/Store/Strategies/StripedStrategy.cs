namespace Actors.Store.Strategies;

/// <summary>
/// <c>striped</c>: the key space split over N dictionaries, each under its own lock — a sharded map. Writers
/// to different stripes do not wait for each other; a hot key still serialises on its stripe. Whole-map
/// operations (scan, count, clear) visit the stripes one at a time, so they are not atomic snapshots.
/// </summary>
public sealed class StripedStrategy : SynchronousStrategy
{
    private readonly Stripe[] _stripes;

    public StripedStrategy(int stripeCount = StrategyOptions.DefaultShards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripeCount, 1);
        _stripes = new Stripe[stripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    public override string Name => StrategyNames.Striped;

    public int StripeCount => _stripes.Length;

    protected override ReadResult Get(string key)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.Get(key);
        }
    }

    protected override long Set(string key, byte[] value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.Set(key, value);
        }
    }

    protected override CounterResult Increment(string key, long delta)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.Increment(key, delta);
        }
    }

    protected override bool Delete(string key)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.Delete(key);
        }
    }

    protected override CasResult CompareAndSet(string key, long expectedVersion, byte[] value)
    {
        var stripe = StripeOf(key);
        lock (stripe.Gate)
        {
            return stripe.Map.CompareAndSet(key, expectedVersion, value);
        }
    }

    protected override IReadOnlyList<KeyValueEntry> Scan(string prefix, int limit)
    {
        var found = new List<KeyValueEntry>();
        foreach (var stripe in _stripes)
        {
            if (found.Count >= limit)
            {
                break;
            }

            lock (stripe.Gate)
            {
                found.AddRange(stripe.Map.Scan(prefix, limit - found.Count));
            }
        }

        return found;
    }

    protected override long Count()
    {
        long count = 0;
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                count += stripe.Map.Count;
            }
        }

        return count;
    }

    protected override void Clear()
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                stripe.Map.Clear();
            }
        }
    }

    // string.GetHashCode is randomised per process, which is fine here: stripes never leave the process.
    private Stripe StripeOf(string key) => _stripes[(uint)key.GetHashCode() % (uint)_stripes.Length];

    /// <summary>One stripe: its own lock and map, allocated apart so that neighbours share no cache line.</summary>
    private sealed class Stripe
    {
        public readonly Lock Gate = new();
        public readonly VersionedMap Map = new();
    }
}
