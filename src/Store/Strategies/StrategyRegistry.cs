namespace Actors.Store.Strategies;

/// <summary>
/// The strategies the lab can run, by name. <see cref="CreateDefault"/> holds all eight of the catalogue (the six
/// maps and the actor store, unbounded and bounded) and <c>direct-go</c>; <see cref="Register"/> adds others.
/// </summary>
/// <remarks>Registration is expected at start-up, before any run; lookups are safe from any thread afterwards.</remarks>
public sealed class StrategyRegistry
{
    private readonly Lock _gate = new();
    private readonly List<StrategyDescriptor> _strategies = [];

    /// <summary>A registry with every strategy: the eight of the catalogue and <c>direct-go</c>.</summary>
    public static StrategyRegistry CreateDefault()
    {
        var registry = new StrategyRegistry();
        registry.Register(StrategyNames.Direct, "plain Dictionary, no synchronisation (the baseline)", Sync(_ => new DirectStrategy()), unsynchronised: true);
        registry.Register(StrategyNames.Locked, "Dictionary under one lock", Sync(_ => new LockedStrategy()));
        registry.Register(StrategyNames.ReaderWriterLocked, "Dictionary under ReaderWriterLockSlim", Sync(_ => new ReaderWriterLockedStrategy()));
        registry.Register(StrategyNames.Striped, "N Dictionaries, one lock each", Sync(options => new StripedStrategy(options.Shards)));
        registry.Register(StrategyNames.Concurrent, "ConcurrentDictionary", Sync(_ => new ConcurrentStrategy()));
        registry.Register(StrategyNames.CopyOnWrite, "ImmutableDictionary swapped by compare-exchange", Sync(_ => new CopyOnWriteStrategy()));
        registry.Register(StrategyNames.Actor, "the store: shard actors, unbounded mailboxes", (options, ct) => ActorStrategy.StartAsync(options, bounded: false, ct));
        registry.Register(StrategyNames.ActorBounded, "the store: shard actors, bounded mailboxes (reject when full)", (options, ct) => ActorStrategy.StartAsync(options, bounded: true, ct));
        registry.Register(StrategyNames.DirectGo, "plain Dictionary behind Go's write-flag guard (fails fast)", Sync(_ => new GoFaithfulStrategy(GoFatalMode.Throw)), unsynchronised: true);
        return registry;
    }

    /// <summary>Every registered strategy, in registration order.</summary>
    public IReadOnlyList<StrategyDescriptor> Strategies
    {
        get
        {
            lock (_gate)
            {
                return [.. _strategies];
            }
        }
    }

    /// <summary>Adds a strategy; <paramref name="unsynchronised"/> marks one that is expected to fail under concurrency.</summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public void Register(string name, string description, StrategyFactory factory, bool unsynchronised = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            if (Find(name) is not null)
            {
                throw new ArgumentException($"A strategy named '{name}' is already registered.", nameof(name));
            }

            _strategies.Add(new StrategyDescriptor(name, description, factory, unsynchronised));
        }
    }

    public bool Contains(string name)
    {
        lock (_gate)
        {
            return Find(name) is not null;
        }
    }

    /// <summary>The descriptor of a registered strategy.</summary>
    /// <exception cref="ArgumentException">No strategy has that name; the message lists those that do.</exception>
    public StrategyDescriptor Get(string name)
    {
        lock (_gate)
        {
            return Find(name) ?? throw new ArgumentException(
                $"Unknown strategy '{name}'. Registered: {string.Join(", ", _strategies.Select(s => s.Name))}.", nameof(name));
        }
    }

    /// <summary>Creates a fresh instance of a registered strategy.</summary>
    public ValueTask<IKeyValueStrategy> CreateAsync(string name, StrategyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var descriptor = Get(name);
        options ??= StrategyOptions.Default;
        options.Validate();
        return descriptor.Factory(options, cancellationToken);
    }

    /// <summary>
    /// The strategies a run should use: the requested names in the order given (each must be registered), or,
    /// when none are requested, every catalogue strategy that is registered, in catalogue order.
    /// </summary>
    /// <exception cref="ArgumentException">A requested name is unknown or repeated.</exception>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return [.. StrategyNames.Catalogue.Where(Contains)];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in requested)
        {
            Get(name);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Strategy '{name}' is listed twice.", nameof(requested));
            }
        }

        return [.. requested];
    }

    private StrategyDescriptor? Find(string name) => _strategies.Find(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    private static StrategyFactory Sync(Func<StrategyOptions, IKeyValueStrategy> create) =>
        (options, _) => ValueTask.FromResult(create(options));
}
