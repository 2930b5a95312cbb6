using System.Diagnostics;
using Actors.Configuration;
using Actors.Mailboxes;
using Actors.Persistence;
using Actors.Shutdown;
using Actors.Store.Client;
using Actors.Store.Routing;
using Actors.Store.Configuration;
using Actors.Store.Sharding;
using Actors.Store.Shards;
using Microsoft.Extensions.Logging;

namespace Actors.Store.OwnRuntime;

/// <summary>
/// The store on an actor system: one <see cref="ShardActor"/> per shard under <c>/user/store</c>, a journal per the
/// settings, and this client, which validates requests, routes each to its key's shard and turns the runtime's failures
/// into the store's errors. Create it with <see cref="StartAsync"/> (or <see cref="Create"/> to start in the
/// background); it joins the system's coordinated shutdown (refuse new work, flush, stop, close the journal).
/// </summary>
public sealed class ActorStateStore : IManagedStateStore, IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly KeyRules _rules;
    private readonly ILogger _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Exception?[] _shardErrors;
    private readonly int[] _recovered;
    private readonly Lock _stopGate = new();
    private readonly ShardRoute[] _routes;
    private readonly TaskCompletionSource?[] _routeChanged;
    private IActorRef? _supervisor;
    private StorePersistence? _persistence;
    private volatile StoreStatus _status = StoreStatus.Starting;
    private int _recoveredCount;
    private Task? _stop;
    private volatile bool _flushedForShutdown;
    private volatile bool _hostsAll;
    private Task? _begun;
    private IShardTransport? _transport;

    /// <summary>Requests that may wait for one moving shard before more are refused.</summary>
    internal const int HandOffBufferCapacity = 1024;

    private readonly bool _managedShards;

    private ActorStateStore(ActorSystem system, StoreSettings settings, bool managedShards)
    {
        _managedShards = managedShards;
        if (!system.Settings.Mailboxes.ContainsKey(settings.Mailbox))
        {
            throw new InvalidConfigurationException(
                "store.mailbox", $"'{settings.Mailbox}' is not a mailbox defined under actors.mailboxes; defined: {string.Join(", ", system.Settings.Mailboxes.Keys.Order())}.");
        }

        _system = system;
        Settings = settings;
        _rules = new KeyRules(settings.MaxKeyBytes, settings.MaxValueBytes);
        _log = system.LoggerFactory.CreateLogger<ActorStateStore>();
        _shardErrors = new Exception?[settings.Shards];
        _recovered = new int[settings.Shards];
        _routes = new ShardRoute[settings.Shards];
        _routeChanged = new TaskCompletionSource?[settings.Shards];
        for (var shard = 0; shard < _routes.Length; shard++)
        {
            _routes[shard] = new ShardRoute.Pending(new ShardBuffer(shard, HandOffBufferCapacity), "starting");
        }

        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.StopAccepting, "store-refuse-new-requests", _ =>
        {
            BeginStopping();
            return Task.CompletedTask;
        });
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Flush, "store-flush-journal", FlushForShutdownAsync);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.Phases.Close, "store-close-journal", _ => DisposeAsync().AsTask());
    }

    /// <summary>The settings the store runs with.</summary>
    public StoreSettings Settings { get; }

    /// <summary>Where the store is in its life.</summary>
    public StoreStatus Status => _status;

    /// <summary>Why the store failed to start, when <see cref="Status"/> is <see cref="StoreStatus.Failed"/>.</summary>
    public Exception? StartError { get; private set; }

    /// <summary>Completes when every shard has recovered; faults with the cause if the store cannot start.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Where the data lives (a file or a PostgreSQL schema), once open.</summary>
    public string? Location => _persistence?.Location;

    /// <summary>Starts a store on <paramref name="system"/> in the background; see <see cref="WhenReady"/> and <see cref="Status"/>.</summary>
    /// <exception cref="InvalidConfigurationException">The settings cannot work with this system (e.g. an unknown mailbox).</exception>
    public static ActorStateStore Create(ActorSystem system, StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var store = new ActorStateStore(system, settings, managedShards: false);
        _ = store.StartCoreAsync();
        return store;
    }

    /// <summary>
    /// Starts a store whose shards a cluster places: none is hosted until <see cref="StartLocalShardAsync"/>, and every
    /// route stays pending until set. Ready at once (requests wait, bounded, for their shard's route).
    /// </summary>
    internal static ActorStateStore CreateManaged(ActorSystem system, StoreSettings settings) => new(system, settings, managedShards: true);

    /// <summary>
    /// Managed mode: opens the journal and starts the shard supervisor — after the cluster has joined, since the
    /// journal's fence table is the cluster's. Completes when that is done.
    /// </summary>
    internal Task BeginManagedAsync()
    {
        lock (_stopGate)
        {
            _begun ??= StartCoreAsync();
        }

        return WhenStartedAsync();
    }

    /// <summary>Starts a store and waits until every shard has recovered.</summary>
    public static async Task<ActorStateStore> StartAsync(ActorSystem system, StoreSettings settings, CancellationToken cancellationToken = default)
    {
        var store = Create(system, settings);
        await store.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>A pipeline that batches fire-and-forget writes per shard (one per writer; see <see cref="StorePipeline"/>).</summary>
    /// <param name="batchSize">Writes per shard message.</param>
    /// <param name="maxBatchesInFlight">
    /// The most batches on their way to the shards at once before a write waits; by default twice the shard count
    /// (at least 8), which keeps every shard busy without letting the writer run far ahead.
    /// </param>
    public StorePipeline CreatePipeline(int batchSize = 128, int? maxBatchesInFlight = null) =>
        new(this, batchSize, maxBatchesInFlight ?? Math.Max(8, 2 * Settings.Shards));

    // Enough for dozens of pipelines with a part-filled batch per shard and more in flight: ~3 MB at 128 per batch.
    private const int BatchArraysKept = 1024;

    internal KeyRules Rules => _rules;

    /// <summary>The arrays pipelines send their batches in (see <see cref="PostedBatchPool"/>).</summary>
    internal PostedBatchPool BatchArrays { get; } = new(BatchArraysKept);

    internal ValueTask PostToShardAsync(int shard, object message, CancellationToken cancellationToken) => PostAsync(shard, message, cancellationToken);

    /// <summary>The shard that owns <paramref name="key"/>.</summary>
    public int ShardOf(string key) => StableHash.ShardOf(key, Settings.Shards);

    /// <inheritdoc />
    public async ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        var reply = await AskAsync<ShardProtocol.GetReply>(ShardOf(key), new ShardProtocol.Get(key), cancellationToken).ConfigureAwait(false);
        return reply.Entry;
    }

    /// <inheritdoc />
    public ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        ValidateOptions(options);
        return AskAsync<WriteResult>(ShardOf(key), new ShardProtocol.Set(key, _rules.ValidateValue(value), options), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        ValidateVersion(expectedVersion);
        return AskAsync<DeleteResult>(ShardOf(key), new ShardProtocol.Delete(key, expectedVersion), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IncrementResult> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        return AskAsync<IncrementResult>(ShardOf(key), new ShardProtocol.Increment(key, by), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoreEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _rules.ValidateKey(key);
        }

        var results = new StoreEntry?[keys.Count];
        var groups = Enumerable.Range(0, keys.Count).GroupBy(i => ShardOf(keys[i])).ToArray();
        var replies = await Task.WhenAll(groups.Select(g =>
            AskAsync<ShardProtocol.GetManyReply>(g.Key, new ShardProtocol.GetMany(g.Select(i => keys[i]).ToArray()), cancellationToken).AsTask())).ConfigureAwait(false);
        for (var g = 0; g < groups.Length; g++)
        {
            var indexes = groups[g].ToArray();
            for (var j = 0; j < indexes.Length; j++)
            {
                results[indexes[j]] = replies[g].Entries[j];
            }
        }

        return results;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WriteResult>> SetManyAsync(IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var owned = new KeyValuePair<string, byte[]>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            _rules.ValidateKey(items[i].Key);
            owned[i] = new(items[i].Key, _rules.ValidateValue(items[i].Value));
        }

        var results = new WriteResult[items.Count];
        var groups = Enumerable.Range(0, items.Count).GroupBy(i => ShardOf(items[i].Key)).ToArray();
        var replies = await Task.WhenAll(groups.Select(g =>
            AskAsync<ShardProtocol.SetManyReply>(g.Key, new ShardProtocol.SetMany(g.Select(i => owned[i]).ToArray()), cancellationToken).AsTask())).ConfigureAwait(false);
        for (var g = 0; g < groups.Length; g++)
        {
            var indexes = groups[g].ToArray();
            for (var j = 0; j < indexes.Length; j++)
            {
                results[indexes[j]] = replies[g].Results[j];
            }
        }

        return results;
    }

    /// <inheritdoc />
    public ValueTask<BatchResult> BatchAsync(IReadOnlyList<BatchOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one operation.", nameof(operations));
        }

        var owned = new BatchOperation[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException($"Batch operation {i} is null.", nameof(operations));
            _rules.ValidateKey(operation.Key);
            owned[i] = operation switch
            {
                BatchOperation.Set set => ValidatedSet(set),
                BatchOperation.Delete delete => ValidatedVersion(delete, delete.ExpectedVersion),
                BatchOperation.Check check => ValidatedVersion(check, check.ExpectedVersion),
                _ => operation,
            };
        }

        var byShard = owned.GroupBy(o => ShardOf(o.Key)).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(o => o.Key).Distinct().ToArray());
        if (byShard.Count > 1)
        {
            throw new CrossShardBatchException(byShard);
        }

        return AskAsync<BatchResult>(byShard.Keys.Single(), new ShardProtocol.Batch(owned), cancellationToken);

        BatchOperation.Set ValidatedSet(BatchOperation.Set set)
        {
            ValidateOptions(set.Options);
            return set with { Value = _rules.ValidateValue(set.Value) };
        }

        BatchOperation ValidatedVersion(BatchOperation operation, long? version)
        {
            ValidateVersion(version);
            return operation;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ScanPage> ScanAsync(string prefix, int limit, string? cursor = null, bool includeValues = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A scan page holds 1 to 10,000 keys.");
        }

        var position = cursor is null ? new ScanCursor(0, null) : ScanCursor.Decode(cursor, Settings.Shards);
        var page = new List<StoreEntry>(Math.Min(limit, 1024));
        for (var shard = position.Shard; shard < Settings.Shards; shard++)
        {
            var after = shard == position.Shard ? position.AfterKey : null;
            var reply = await AskAsync<ShardProtocol.ScanReply>(shard, new ShardProtocol.Scan(prefix, after, limit - page.Count, includeValues), cancellationToken).ConfigureAwait(false);
            page.AddRange(reply.Entries);
            if (reply.More)
            {
                return new ScanPage(page, new ScanCursor(shard, page[^1].Key).Encode());
            }

            if (page.Count == limit)
            {
                return new ScanPage(page, shard + 1 < Settings.Shards ? new ScanCursor(shard + 1, null).Encode() : null);
            }
        }

        return new ScanPage(page, null);
    }

    /// <inheritdoc />
    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, Settings.Shards)
            .Select(shard => AskAsync<long>(shard, ShardProtocol.Count.Instance, cancellationToken).AsTask())).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <inheritdoc />
    public async ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Settings.Shards)
            .Select(shard => AskAsync<ShardStats>(shard, ShardProtocol.Stats.Instance, cancellationToken).AsTask())).ConfigureAwait(false);
        return new StoreStats(shards, Settings.DurabilityName);
    }

    /// <inheritdoc />
    public async ValueTask PostSetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        await PostAsync(ShardOf(key), new ShardProtocol.PostedSet(key, _rules.ValidateValue(value)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask PostIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        await PostAsync(ShardOf(key), new ShardProtocol.PostedIncrement(key, by), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Enumerable.Range(0, Settings.Shards)
            .Select(shard => AskAsync<ShardProtocol.Flushed>(shard, ShardProtocol.Flush.Instance, cancellationToken).AsTask())).ConfigureAwait(false);

    /// <summary>
    /// Stops the store: refuses new requests, waits until everything acknowledged or in flight is durable, stops the
    /// shards and closes the journal. Idempotent. (Terminating the actor system does the same.)
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_stopGate)
        {
            _stop ??= StopCoreAsync();
            return new ValueTask(_stop);
        }
    }

    /// <summary>
    /// Raised when a forwarded request found that our shard map is out of date; the cluster layer refreshes the map
    /// (updating the routes) before the request retries.
    /// </summary>
    internal Func<int, Task>? ShardMapStale { get; set; }

    /// <summary>
    /// Raised when a shard's owner could not be connected to, or this node's copy of a shard found it had been moved;
    /// the cluster layer schedules a (coalesced) view refresh, and the request is resent when the route changes.
    /// </summary>
    internal Action<int>? ShardMapRefreshRequested { get; set; }

    /// <summary>
    /// Whether this node may serve its local shards now (in a cluster: while its membership lease holds). Without the
    /// lease another node may already own them, so even a read of the local copy could be stale; such requests wait,
    /// bounded by the request timeout, for the lease to come back or the route to move.
    /// </summary>
    internal Func<bool>? MayServeLocally { get; set; }

    /// <summary>How often a request held for want of the lease looks again.</summary>
    private static readonly TimeSpan LeaseRecheck = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a request waits for a new route after its owner refused the connection, before trying it again.</summary>
    private static readonly TimeSpan UnreachableOwnerBackOff = TimeSpan.FromMilliseconds(250);

    /// <summary>Requests for shards hosted elsewhere go through this transport (the host sets it in cluster mode).</summary>
    public void UseTransport(IShardTransport transport) => _transport = transport ?? throw new ArgumentNullException(nameof(transport));

    /// <summary>Starts (or finds) the local actor of <paramref name="shard"/> owned under <paramref name="epoch"/> and routes requests to it.</summary>
    internal async Task<IActorRef> StartLocalShardAsync(int shard, long epoch)
    {
        var supervisor = _supervisor ?? throw new InvalidOperationException("The store has not started.");
        var actor = await supervisor.Ask<IActorRef>(new ShardSupervisor.StartShard(shard, epoch), Settings.RequestTimeout).ConfigureAwait(false);
        SetRoute(shard, new ShardRoute.Local(actor, epoch));
        return actor;
    }

    /// <summary>
    /// Hands a local shard over: new requests wait (bounded) while everything already accepted is made durable, then the
    /// actor stops. The caller then records the release and sets the new route, which releases the waiting requests.
    /// </summary>
    /// <param name="shard">The shard.</param>
    /// <param name="reason">Why, for the waiting requests' messages.</param>
    /// <param name="flush">Wait until everything accepted is durable first (a hand-off); false when ownership is already
    /// lost, in which case the journal's fence refuses the shard's remaining writes anyway.</param>
    internal async Task StopLocalShardAsync(int shard, string reason, bool flush = true)
    {
        if (Volatile.Read(ref _routes[shard]) is not ShardRoute.Local local)
        {
            return;
        }

        SetRoute(shard, new ShardRoute.Pending(new ShardBuffer(shard, HandOffBufferCapacity), reason));
        if (flush)
        {
            await local.Actor.Ask<ShardProtocol.Flushed>(ShardProtocol.PrepareHandOff.Instance, Settings.RequestTimeout).ConfigureAwait(false);
        }

        await _supervisor!.Ask<ShardSupervisor.ShardStopped>(new ShardSupervisor.StopShard(shard), Settings.RequestTimeout).ConfigureAwait(false);
        Interlocked.Exchange(ref _recovered[shard], 0);
    }

    /// <summary>Completes once the journal is open and the shard supervisor exists (managed mode's first step).</summary>
    internal Task WhenStartedAsync() => _started.Task;

    /// <summary>Managed mode: the cluster has joined and placed the shards; requests are served from now on.</summary>
    internal void MarkReady()
    {
        lock (_stopGate)
        {
            if (_status != StoreStatus.Starting)
            {
                return;
            }

            _status = StoreStatus.Ready;
        }

        _log.LogInformation("Store ready: this node has joined the cluster.");
        _ready.TrySetResult();
    }

    /// <summary>Managed mode: joining the cluster failed; the store reports why.</summary>
    internal void MarkFailed(Exception cause) => Fail(cause);

    /// <summary>Points requests for <paramref name="shard"/> at <paramref name="route"/>; requests waiting on a pending route follow it.</summary>
    internal void SetRoute(int shard, ShardRoute route)
    {
        var previous = Interlocked.Exchange(ref _routes[shard], route);
        Interlocked.Exchange(ref _routeChanged[shard], null)?.TrySetResult();
        if (previous is ShardRoute.Pending pending && route is not ShardRoute.Pending)
        {
            pending.Buffer.Settle(route);
        }
        else if (previous is ShardRoute.Pending waiting && route is ShardRoute.Pending next && !ReferenceEquals(waiting.Buffer, next.Buffer))
        {
            // Still unsettled: keep the same waiters by chaining the old buffer onto the new one.
            waiting.Buffer.Settle(route);
        }
    }

    /// <summary>Sets the route of <paramref name="shard"/> to <paramref name="replacement"/> if it is still <paramref name="expected"/>.</summary>
    private bool TryReplaceRoute(int shard, ShardRoute expected, ShardRoute replacement)
    {
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _routes[shard], replacement, expected), expected))
        {
            return false;
        }

        Interlocked.Exchange(ref _routeChanged[shard], null)?.TrySetResult();
        return true;
    }

    /// <summary>Completes when the route of <paramref name="shard"/> is no longer <paramref name="seen"/>, or after <paramref name="atMost"/>.</summary>
    private async Task WaitForRouteChangeAsync(int shard, ShardRoute seen, TimeSpan atMost, CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _routeChanged[shard]);
        if (changed is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed = Interlocked.CompareExchange(ref _routeChanged[shard], created, null) ?? created;
        }

        if (!ReferenceEquals(Volatile.Read(ref _routes[shard]), seen))
        {
            return; // changed before the signal was in place
        }

        await Task.WhenAny(changed.Task, Task.Delay(atMost, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The route of <paramref name="shard"/>, for the cluster layer and diagnostics.</summary>
    internal ShardRoute RouteOf(int shard) => Volatile.Read(ref _routes[shard]);

    /// <summary>
    /// Serves a request another node forwarded (encoded with the shard protocol), if this node hosts the shard; the reply
    /// (or the error) comes back encoded. A shard hosted elsewhere answers <see cref="ShardNotOwnedException"/>, encoded.
    /// </summary>
    public async Task<byte[]> ServeForwardedAsync(int shard, ReadOnlyMemory<byte> request, string localNode, CancellationToken cancellationToken)
    {
        if (shard < 0 || shard >= Settings.Shards)
        {
            return ShardProtocolCodec.EncodeError(new ArgumentOutOfRangeException(nameof(shard), shard, $"There are {Settings.Shards} shards."));
        }

        try
        {
            var message = ShardProtocolCodec.DecodeRequest(request.Span);
            var route = Volatile.Read(ref _routes[shard]);
            while (route is ShardRoute.Pending pending)
            {
                route = await pending.Buffer.WaitAsync(cancellationToken).WaitAsync(Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }

            if (route is not ShardRoute.Local local)
            {
                throw new ShardNotOwnedException(shard, localNode, (route as ShardRoute.Remote)?.Owner.Node);
            }

            if (!await WaitForLeaseAsync(shard, local, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false))
            {
                throw new ShardNotOwnedException(shard, localNode, (Volatile.Read(ref _routes[shard]) as ShardRoute.Remote)?.Owner.Node);
            }

            var reply = await AskLocalAsync<object>(local.Actor, shard, message, cancellationToken).ConfigureAwait(false);
            return ShardProtocolCodec.EncodeReply(reply);
        }
        catch (Exception error) when (error is StoreException or ArgumentException or InvalidDataException or TimeoutException)
        {
            return ShardProtocolCodec.EncodeError(error);
        }
    }

    private async Task StartCoreAsync()
    {
        try
        {
            _persistence = await StorePersistence.OpenAsync(Settings, CancellationToken.None).ConfigureAwait(false);
            var context = _persistence.Context;
            var options = new ShardOptions(Settings.TtlSweepInterval, Settings.TombstoneRetention, OnShardRecovered, OnPostedFailure);
            var mailbox = Settings.Mailbox;
            _supervisor = _system.ActorOf(
                Props.Create(() => new ShardSupervisor(
                    (shard, epoch) => Props.Create(() => new ShardActor(shard, context, options, epoch)).WithMailbox(mailbox),
                    OnShardStopped)).WithSupervisorStrategy(ShardSupervisor.Strategy(OnShardFailedForGood, OnShardOwnershipLost)),
                "store");
            _started.TrySetResult();

            if (_managedShards)
            {
                // A cluster decides where shards live; it marks the store ready once it has joined and placed them.
            }
            else
            {
                // Alone (no cluster), this node hosts every shard.
                for (var shard = 0; shard < Settings.Shards; shard++)
                {
                    await StartLocalShardAsync(shard, epoch: 0).ConfigureAwait(false);
                }

                _hostsAll = true;
                TryBecomeReady();
            }
            _log.LogInformation("Store starting: {Shards} shards, durability {Durability}, data at {Location}.", Settings.Shards, Settings.DurabilityName, _persistence.Location);
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private void OnShardRecovered(int shard, long sequenceNr)
    {
        _shardErrors[shard] = null;
        if (Interlocked.Exchange(ref _recovered[shard], 1) == 0)
        {
            Interlocked.Increment(ref _recoveredCount);
            TryBecomeReady();
        }
    }

    // Ready needs both: every shard recovered, and the refs to reach them (recovery can finish before the refs arrive).
    private void TryBecomeReady()
    {
        lock (_stopGate)
        {
            if (_status == StoreStatus.Starting && Volatile.Read(ref _recoveredCount) == Settings.Shards && _hostsAll)
            {
                _status = StoreStatus.Ready;
                _log.LogInformation("Store ready: all {Shards} shards recovered.", Settings.Shards);
                _ready.TrySetResult();
            }
        }
    }

    private void OnShardFailedForGood(int shard, Exception cause)
    {
        _shardErrors[shard] = cause;
        _log.LogError(cause, "Shard {Shard} cannot recover and was stopped.", shard);
        if (_status == StoreStatus.Starting)
        {
            Fail(new StoreUnavailableException($"The store cannot start: shard {shard} could not recover its data from {_persistence?.Location}: {cause.GetBaseException().Message}", cause));
        }
    }

    private void OnShardOwnershipLost(int shard, Exception cause)
    {
        if (!_managedShards)
        {
            // Without a cluster nobody else should write this journal: say so rather than restart into the same refusal.
            _shardErrors[shard] = new StoreUnavailableException(
                $"Shard {shard} was stopped: another process wrote to its journal ({cause.GetBaseException().Message}). Only one store may use a journal.", cause);
            _log.LogError(cause, "Shard {Shard} was stopped: another writer owns its journal.", shard);
            return;
        }

        // Hold new requests for the shard (they go to the new owner once the map says who it is) — unless the cluster
        // layer already moved the route on.
        if (Volatile.Read(ref _routes[shard]) is ShardRoute.Local local
            && TryReplaceRoute(shard, local, new ShardRoute.Pending(new ShardBuffer(shard, HandOffBufferCapacity), "ownership lost")))
        {
            _log.LogWarning("Shard {Shard} (epoch {Epoch}) has moved to another node: its journal refused a write. Stopping the local copy.", shard, local.Epoch);
        }

        ShardMapRefreshRequested?.Invoke(shard);
    }

    private void OnShardStopped(int shard, Exception cause)
    {
        if (_managedShards && Volatile.Read(ref _routes[shard]) is not ShardRoute.Local)
        {
            return; // a shard that lost its ownership: not an error of this node's
        }

        if (_status is StoreStatus.Ready or StoreStatus.Starting)
        {
            _shardErrors[shard] ??= new StoreUnavailableException($"Shard {shard} stopped after failing repeatedly; see the log for its errors.", cause);
        }

        if (_status == StoreStatus.Starting)
        {
            Fail(new StoreUnavailableException($"The store cannot start: shard {shard} stopped during recovery ({_shardErrors[shard]!.GetBaseException().Message}).", _shardErrors[shard]));
        }
    }

    private void OnPostedFailure(int shard, StoreException error) =>
        _log.LogWarning(error, "A fire-and-forget write to shard {Shard} was refused.", shard);

    private void Fail(Exception exception)
    {
        StartError = exception;
        _status = StoreStatus.Failed;
        _log.LogError(exception, "The store failed to start.");
        _ready.TrySetException(exception);
        _started.TrySetException(exception);
    }

    private void BeginStopping()
    {
        if (_status is StoreStatus.Ready or StoreStatus.Starting)
        {
            _status = StoreStatus.Stopping;
        }
    }

    private async Task FlushForShutdownAsync(CancellationToken cancellationToken)
    {
        if (_status == StoreStatus.Failed)
        {
            return;
        }

        var local = _routes.OfType<ShardRoute.Local>().Select(route => route.Actor).ToArray();
        await Task.WhenAll(local.Select(shard => shard.Ask<ShardProtocol.Flushed>(ShardProtocol.Flush.Instance, Settings.RequestTimeout, cancellationToken))).ConfigureAwait(false);
        _flushedForShutdown = true;
    }

    private async Task StopCoreAsync()
    {
        BeginStopping();
        try
        {
            // Under the system's coordinated shutdown the flush phase has done this already, before the shards stopped.
            if (!_flushedForShutdown)
            {
                await FlushForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            _log.LogWarning(exception, "Flushing the store at shutdown failed; acknowledged writes were already durable.");
        }

        if (_supervisor is not null)
        {
            await _supervisor.GracefulStop(Settings.RequestTimeout).ConfigureAwait(false);
        }

        if (_persistence is not null)
        {
            await _persistence.DisposeAsync().ConfigureAwait(false);
        }

        _status = StoreStatus.Stopped;
    }

    private async ValueTask<T> AskAsync<T>(int shard, object message, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(shard);
        var route = Volatile.Read(ref _routes[shard]);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            switch (route)
            {
                case ShardRoute.Local local:
                    if (!await WaitForLeaseAsync(shard, local, started, cancellationToken).ConfigureAwait(false))
                    {
                        route = Volatile.Read(ref _routes[shard]);
                        continue;
                    }

                    try
                    {
                        return await AskLocalAsync<T>(local.Actor, shard, message, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ShardOwnershipLostException) when (_managedShards && Stopwatch.GetElapsedTime(started) < Settings.RequestTimeout)
                    {
                        // The journal refused the write (nothing was stored): the shard has moved and our map is behind.
                        ShardMapRefreshRequested?.Invoke(shard);
                        await WaitForRouteChangeAsync(shard, route, UnreachableOwnerBackOff, cancellationToken).ConfigureAwait(false);
                        route = Volatile.Read(ref _routes[shard]);
                        continue;
                    }

                case ShardRoute.Remote remote:
                    try
                    {
                        return (T)await ForwardAsync(remote.Owner, shard, message, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ShardNotOwnedException) when (attempt < 3)
                    {
                        // Our map is behind: let the cluster layer refresh it, then go where it now says.
                        await (ShardMapStale?.Invoke(shard) ?? Task.CompletedTask).ConfigureAwait(false);
                        route = Volatile.Read(ref _routes[shard]);
                        continue;
                    }
                    catch (ShardNotDeliveredException) when (Stopwatch.GetElapsedTime(started) < Settings.RequestTimeout)
                    {
                        // The owner is gone (a leave whose view has not reached us yet, or a crash): nothing was sent, so
                        // ask for a fresh view and resend once the route changes — or after a short back-off, bounded by
                        // the request timeout.
                        ShardMapRefreshRequested?.Invoke(shard);
                        await WaitForRouteChangeAsync(shard, route, UnreachableOwnerBackOff, cancellationToken).ConfigureAwait(false);
                        route = Volatile.Read(ref _routes[shard]);
                        continue;
                    }

                case ShardRoute.Pending pending:
                    route = await pending.Buffer.WaitAsync(cancellationToken).WaitAsync(Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
                    continue;
            }
        }
    }

    /// <summary>
    /// Returns true once this node may serve <paramref name="local"/> (at once, outside a cluster or with the lease);
    /// false when the shard's route changed meanwhile (the caller follows the new one). Past the request timeout
    /// without either, the request is refused: answering from a copy that may be stale would be worse.
    /// </summary>
    private async ValueTask<bool> WaitForLeaseAsync(int shard, ShardRoute.Local local, long started, CancellationToken cancellationToken)
    {
        if (MayServeLocally is not { } mayServe || mayServe())
        {
            return true;
        }

        ShardMapRefreshRequested?.Invoke(shard);
        while (!mayServe())
        {
            if (!ReferenceEquals(Volatile.Read(ref _routes[shard]), local))
            {
                return false;
            }

            if (Stopwatch.GetElapsedTime(started) >= Settings.RequestTimeout)
            {
                throw new StoreUnavailableException(
                    $"Shard {shard} is not served here right now: this host has lost touch with the cluster's database, so another host may own the shard. Retry; another host can answer.");
            }

            await WaitForRouteChangeAsync(shard, local, LeaseRecheck, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async ValueTask<T> AskLocalAsync<T>(IActorRef actor, int shard, object message, CancellationToken cancellationToken)
    {
        try
        {
            return await actor.Ask<T>(message, Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (MailboxFullException full)
        {
            throw new StoreOverloadedException(shard, full);
        }
        catch (RecipientTerminatedException gone)
        {
            throw Unavailable(shard, gone);
        }
        catch (PersistFailedException failed) when (ShardOwnershipLostException.IsOwnershipLoss(failed))
        {
            throw new ShardOwnershipLostException(shard, failed);
        }
        catch (PersistFailedException failed)
        {
            throw new StoreUnavailableException($"Shard {shard} could not make the write durable ({failed.InnerException?.Message}); it may or may not have been applied. The shard recovers from its journal.", failed);
        }
    }

    private async Task<object> ForwardAsync(ShardOwner owner, int shard, object message, CancellationToken cancellationToken)
    {
        var transport = _transport ?? throw new InvalidOperationException($"Shard {shard} is hosted by {owner.Node}, but no shard transport is configured.");
        var reply = await transport.SendAsync(owner, shard, ShardProtocolCodec.EncodeRequest(message), cancellationToken).ConfigureAwait(false);
        return ShardProtocolCodec.DecodeReply(reply.Span);
    }

    private async ValueTask PostAsync(int shard, object message, CancellationToken cancellationToken)
    {
        ThrowIfUnavailable(shard);
        var route = Volatile.Read(ref _routes[shard]);
        while (route is ShardRoute.Pending pending)
        {
            route = await pending.Buffer.WaitAsync(cancellationToken).WaitAsync(Settings.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (route is ShardRoute.Remote remote)
        {
            // Another node's shard: a forward always has an answer, so the owner acknowledges the write once applied.
            // The ask may send the message again (to a shard that moved here, say), so it carries an ownerless copy of
            // a pipeline's batch, and the batch keeps its array once the ask is over.
            var batch = message as ShardProtocol.PostedBatch;
            try
            {
                await AskAsync<ShardProtocol.Flushed>(shard, new ShardProtocol.Acknowledged(batch?.Detached() ?? message), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                batch?.ReleaseKeepingArray();
            }

            return;
        }

        try
        {
            await ((ShardRoute.Local)route).Actor.TellAsync(message, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MailboxFullException full)
        {
            throw new StoreOverloadedException(shard, full);
        }
    }

    private void ThrowIfUnavailable(int shard)
    {
        if (_status != StoreStatus.Ready || _shardErrors[shard] is not null)
        {
            throw Unavailable(shard, null);
        }
    }

    private StoreUnavailableException Unavailable(int shard, Exception? inner) => _status switch
    {
        StoreStatus.Starting => new StoreUnavailableException("The store is starting: its shards are recovering their data. Retry shortly.", inner),
        StoreStatus.Failed => new StoreUnavailableException($"The store failed to start: {StartError?.Message}", StartError),
        StoreStatus.Stopping or StoreStatus.Stopped => new StoreUnavailableException("The store is shutting down and accepts no new requests.", inner),
        _ => _shardErrors[shard] is { } error
            ? new StoreUnavailableException($"Shard {shard} is unavailable: {error.GetBaseException().Message}", error)
            : new StoreUnavailableException($"Shard {shard} is unavailable.", inner),
    };

    private static void ValidateOptions(SetOptions? options)
    {
        if (options is null)
        {
            return;
        }

        ValidateVersion(options.ExpectedVersion);
        if (options.Ttl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ttl, "A TTL must be positive.");
        }
    }

    private static void ValidateVersion(long? version)
    {
        if (version < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "An expected version is 0 (absent) or positive.");
        }
    }
}
