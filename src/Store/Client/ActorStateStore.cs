using System.Diagnostics;
using Actors.Dispatch;
using Actors.Persistence.GroupCommit;
using Actors.Store.Client;
using Actors.Store.Configuration;
using Actors.Store.Diagnostics;
using Actors.Store.Events;
using Actors.Store.Persistence;
using Actors.Store.Protocol;
using Actors.Store.Sharding;
using Actors.Store.Shards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Actors.Store;

using Akka.Actor;

/// <summary>
/// The store in an Akka.NET actor system: one persistent <see cref="ShardEntity"/> per shard under the store's entry
/// (<see cref="Entry"/>, <c>/user/store</c>), journaled through Akka.Persistence.Sql per the settings, and this client,
/// which validates requests, sends each to its key's shard — gathering concurrent callers' operations into one message
/// per shard — and turns Akka's failures into the store's errors. Create it with <see cref="StartAsync"/> (or
/// <see cref="Create"/> to start in the background); it joins the system's <c>CoordinatedShutdown</c> (refuse new
/// requests, flush, then stop with the system).
/// </summary>
public sealed class ActorStateStore : IManagedStateStore, IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly KeyRules _rules;
    private readonly ShardLane[] _lanes;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Exception?[] _shardErrors;
    private readonly bool[] _recovered;
    private readonly Lock _gate = new();
    private readonly string _name;
    private readonly ILogger _log;
    private volatile StoreStatus _status = StoreStatus.Starting;
    private int _recoveredCount;
    private StorePlugins? _plugins;
    private readonly IActorRef _entry;
    private readonly IDisposable _depth;
    private Task? _stop;

    private ActorStateStore(ActorSystem system, StoreSettings settings, string name, ILogger? logger)
    {
        _system = system;
        Settings = settings;
        _name = name;
        _log = logger ?? NullLogger.Instance;
        _rules = new KeyRules(settings.MaxKeyBytes, settings.MaxValueBytes);
        var capacity = BoundedCapacity(system, StoreMailboxes.Resolve(settings.Mailbox));
        _lanes = [.. Enumerable.Range(0, settings.Shards).Select(shard => new ShardLane(shard, system, capacity))];
        _shardErrors = new Exception?[settings.Shards];
        _recovered = new bool[settings.Shards];
        _depth = ShardMetrics.TrackDepth(name, () => _lanes.Select(lane => (lane.Shard, ShardMetrics.MailboxDepth(lane.Target))));
        _entry = system.ActorOf(StoreRegion.Props(ShardSettingsFor(settings, journalPluginId: string.Empty, snapshotPluginId: string.Empty), StoreMailboxes.Resolve(settings.Mailbox), new RegionListener(this)), name);

        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, $"{name}-refuse-new-requests", () =>
        {
            BeginStopping();
            return Task.FromResult(Akka.Done.Instance);
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, $"{name}-flush", async () =>
        {
            await FlushForShutdownAsync().ConfigureAwait(false);
            return Akka.Done.Instance;
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, $"{name}-stopped", () =>
        {
            _status = _status == StoreStatus.Failed ? StoreStatus.Failed : StoreStatus.Stopped;
            _depth.Dispose();
            return Task.FromResult(Akka.Done.Instance);
        });
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
    public string? Location => _plugins?.Location;

    /// <summary>
    /// The store's entry (<c>/user/store</c>): <c>Tell</c> or <c>Ask</c> it any command of <see cref="Protocol"/> and it
    /// routes it to the key's shard, which replies once the answer is durable (while the store starts, commands are
    /// answered with <see cref="StoreUnavailableException"/>).
    /// </summary>
    public IActorRef Entry => _entry;

    /// <summary>The store named <paramref name="name"/> in <paramref name="system"/>, created with these settings if it is not there yet.</summary>
    internal static ActorStateStore GetOrCreate(ActorSystem system, StoreSettings settings, string name, ILogger? logger) =>
        StoreRegistry.Get(system).GetOrCreate(name, () => Create(system, settings, name, logger));

    /// <summary>The store named <paramref name="name"/> running in <paramref name="system"/>, once created.</summary>
    /// <exception cref="InvalidOperationException">No store of that name was created in the system.</exception>
    public static ActorStateStore For(ActorSystem system, string name = "store") => StoreRegistry.Get(system).Find(name);

    /// <summary>The name the store was created with (its entry's actor name).</summary>
    public string Name => _name;

    /// <summary>
    /// Starts a store on <paramref name="system"/> in the background; see <see cref="WhenReady"/> and <see cref="Status"/>.
    /// </summary>
    /// <param name="system">The application's actor system.</param>
    /// <param name="settings">The store's settings.</param>
    /// <param name="name">The entry's actor name, also naming the store's persistence plugins (one store per name).</param>
    /// <param name="logger">Where the store logs its life (Akka's own log goes through the system's loggers).</param>
    /// <exception cref="Actors.Configuration.InvalidConfigurationException">The settings cannot work with this system (e.g. an unknown mailbox).</exception>
    public static ActorStateStore Create(ActorSystem system, StoreSettings settings, string name = "store", ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        system.Settings.InjectTopLevelFallback(Akka.Configuration.ConfigurationFactory.ParseString(StoreMailboxes.Hocon));
        if (StoreMailboxes.Resolve(settings.Mailbox) is { } mailbox && !MailboxExists(system, mailbox))
        {
            throw new Actors.Configuration.InvalidConfigurationException(
                "store.mailbox", $"'{settings.Mailbox}' is not a mailbox defined in the actor system's configuration (an id with a mailbox-type, e.g. akka.actor.bounded-answering-mailbox).");
        }

        var store = new ActorStateStore(system, settings, name, logger);
        StoreRegistry.Get(system).Add(store);
        _ = store.StartCoreAsync();
        return store;
    }

    // The capacity of the shards' mailbox when it is our bounded one (0: unbounded), which the client's batches honour.
    private static int BoundedCapacity(ActorSystem system, string? mailbox)
    {
        if (mailbox is null || system.Settings.Config.GetConfig(mailbox) is not { IsEmpty: false } config)
        {
            return 0;
        }

        return config.GetString("mailbox-type", string.Empty).Contains(nameof(BoundedAnsweringMailbox), StringComparison.Ordinal)
            ? config.GetInt("mailbox-capacity", 1000)
            : 0;
    }

    private static bool MailboxExists(ActorSystem system, string id)
    {
        try
        {
            return system.Mailboxes.Lookup(id) is not null;
        }
        catch (Exception error) when (error is Akka.Configuration.ConfigurationException or ArgumentException or TypeLoadException)
        {
            return false;
        }
    }

    /// <summary>Starts a store and waits until every shard has recovered.</summary>
    public static async Task<ActorStateStore> StartAsync(ActorSystem system, StoreSettings settings, CancellationToken cancellationToken = default)
    {
        var store = Create(system, settings);
        await store.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>The shard that owns <paramref name="key"/>.</summary>
    public int ShardOf(string key) => StableHash.ShardOf(key, Settings.Shards);

    internal KeyRules Rules => _rules;

    // Enough for dozens of pipelines with a part-filled batch per shard and more in flight: ~3 MB at 128 per batch.
    private const int BatchArraysKept = 1024;

    /// <summary>
    /// The arrays pipelines send their batches in: rented by a pipeline, returned (cleared, so that no keys or values
    /// stay alive) by the shard that applied them. A pool of the store's own rather than <c>ArrayPool.Shared</c>, whose
    /// per-core stacks hold 32 arrays: eight pipelines with a part-filled batch for each of sixteen shards, plus the
    /// batches in flight, outnumber that, and it dropped about half the returns.
    /// </summary>
    internal System.Buffers.ArrayPool<PostedOperation> BatchArrays { get; } =
        System.Buffers.ArrayPool<PostedOperation>.Create(maxArrayLength: 1 << 16, maxArraysPerBucket: BatchArraysKept);

    /// <summary>A pipeline that batches fire-and-forget writes per shard (one per writer; see <see cref="StorePipeline"/>).</summary>
    /// <param name="batchSize">Writes per shard message.</param>
    /// <param name="maxBatchesInFlight">
    /// The most batches on their way to the shards at once before a write waits; by default twice the shard count
    /// (at least 8), which keeps every shard busy without letting the writer run far ahead.
    /// </param>
    public StorePipeline CreatePipeline(int batchSize = 128, int? maxBatchesInFlight = null) =>
        new(this, batchSize, maxBatchesInFlight ?? Math.Max(8, 2 * Settings.Shards));

    /// <summary>
    /// Sends a pipeline's batch to its shard. A full mailbox that refuses it at once fails this call with
    /// <see cref="StoreOverloadedException"/> (none of the batch applied, not counted lost); an eviction later, or a
    /// shard that stops with it queued, counts it lost for the pipeline's next flush.
    /// </summary>
    internal void PostBatch(int shard, PostedBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnavailable(shard);
        if (_lanes[shard].Target is not { } target)
        {
            throw Unavailable(shard);
        }

        MailboxFullException? refused = null;
        var sending = true;
        target.Tell(batch, new RefusalListener(((ExtendedActorSystem)_system).Provider, target.Path, full =>
        {
            if (sending && !full.Evicted)
            {
                refused = full;
            }
            else
            {
                batch.NotDelivered(new StoreOverloadedException(shard, full), countAsLost: true);
            }
        }));
        sending = false;
        if (refused is not null)
        {
            throw new StoreOverloadedException(shard, refused);
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoreEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        return (await SendAsync<GetReply>(ShardOf(key), new Get(key), cancellationToken).ConfigureAwait(false)).Entry;
    }

    /// <inheritdoc />
    public ValueTask<WriteResult> SetAsync(string key, ReadOnlyMemory<byte> value, SetOptions? options = null, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        ValidateOptions(options);
        return SendAsync<WriteResult>(ShardOf(key), new Set(key, _rules.ValidateValue(value), options), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<DeleteResult> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        ValidateVersion(expectedVersion);
        return SendAsync<DeleteResult>(ShardOf(key), new Delete(key, expectedVersion), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IncrementResult> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        return SendAsync<IncrementResult>(ShardOf(key), new Increment(key, by), cancellationToken);
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
            SendAsync<GetManyReply>(g.Key, new GetMany([.. g.Select(i => keys[i])]), cancellationToken).AsTask())).ConfigureAwait(false);
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
            SendAsync<SetManyReply>(g.Key, new SetMany([.. g.Select(i => owned[i])]), cancellationToken).AsTask())).ConfigureAwait(false);
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

        return SendAsync<BatchResult>(byShard.Keys.Single(), new Batch(owned), cancellationToken);

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
            var reply = await SendAsync<ScanReply>(shard, new Scan(shard, prefix, after, limit - page.Count, includeValues), cancellationToken).ConfigureAwait(false);
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
            .Select(shard => SendAsync<long>(shard, new Count(shard), cancellationToken).AsTask())).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <inheritdoc />
    public async ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Settings.Shards)
            .Select(shard => SendAsync<ShardStats>(shard, new GetStats(shard), cancellationToken).AsTask())).ConfigureAwait(false);
        return new StoreStats(shards, Settings.DurabilityName);
    }

    /// <inheritdoc />
    public ValueTask PostSetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        return Post(ShardOf(key), new PostSet(key, _rules.ValidateValue(value)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask PostIncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        _rules.ValidateKey(key);
        return Post(ShardOf(key), new PostIncrement(key, by), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Enumerable.Range(0, Settings.Shards)
            .Select(shard => SendAsync<Flushed>(shard, new Flush(shard), cancellationToken).AsTask())).ConfigureAwait(false);

    /// <summary>
    /// Stops the store: refuses new requests, waits until everything acknowledged or in flight is durable, and stops
    /// the shards. Idempotent. (Terminating the actor system does the same through its coordinated shutdown.)
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stop ??= StopCoreAsync();
            return new ValueTask(_stop);
        }
    }

    private async Task StartCoreAsync()
    {
        try
        {
            _plugins = await StorePlugins.ConfigureAsync(_system, Settings, StorePlugins.PluginName(_name), CancellationToken.None).ConfigureAwait(false);
            var shape = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _system.ActorOf(StoreManifestActor.Props(new StoreShape(Settings.Shards, StoreShape.CurrentHashFunction), _plugins.Location, _plugins.JournalPluginId, _plugins.SnapshotPluginId, shape), $"{_name}-manifest");
            if (await shape.Task.WaitAsync(Settings.StartTimeout).ConfigureAwait(false) is { } mismatch)
            {
                throw mismatch;
            }

            _system.ActorOf(Props.Create(() => new UndeliveredWatcher()), $"{_name}-undelivered");
            _entry.Tell(new StoreRegion.StartShards(ShardSettingsFor(Settings, _plugins.JournalPluginId, _plugins.SnapshotPluginId)));
            _log.LogInformation("Store starting: {Shards} shards, durability {Durability}, data at {Location}.", Settings.Shards, Settings.DurabilityName, _plugins.Location);
        }
        catch (Exception exception)
        {
            Fail(exception is StoreException or Actors.Configuration.InvalidConfigurationException
                ? exception
                : new StoreUnavailableException($"The store cannot start: {exception.GetBaseException().Message}", exception));
        }
    }

    private static ShardSettings ShardSettingsFor(StoreSettings settings, string journalPluginId, string snapshotPluginId) => new(
        settings.Shards, settings.MaxKeyBytes, settings.MaxValueBytes, Journaled: settings.Durability != Durability.None,
        settings.MaxPendingEvents, settings.SnapshotEvery, settings.TtlSweepInterval, settings.TombstoneRetention,
        journalPluginId, snapshotPluginId);

    private void Fail(Exception exception)
    {
        lock (_gate)
        {
            if (_status != StoreStatus.Starting)
            {
                return;
            }

            StartError = exception;
            _status = StoreStatus.Failed;
        }

        _log.LogError(exception, "The store failed to start.");
        _ready.TrySetException(exception);
    }

    private void BeginStopping()
    {
        lock (_gate)
        {
            if (_status is StoreStatus.Ready or StoreStatus.Starting)
            {
                _status = StoreStatus.Stopping;
            }
        }
    }

    private async Task FlushForShutdownAsync()
    {
        if (_status == StoreStatus.Failed)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_lanes.Select(lane => WaitAsync<Flushed>(lane.Send(new Flush(lane.Shard)), CancellationToken.None))).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StoreException or TimeoutException)
        {
            _log.LogWarning(error, "Flushing the store at shutdown failed; acknowledged writes were already durable.");
        }
    }

    private async Task StopCoreAsync()
    {
        // Stopped already by the actor system's coordinated shutdown (which flushed), or its system is gone.
        if (_status == StoreStatus.Stopped || _system.WhenTerminated.IsCompleted)
        {
            _status = _status == StoreStatus.Failed ? StoreStatus.Failed : StoreStatus.Stopped;
            _depth.Dispose();
            return;
        }

        BeginStopping();
        await FlushForShutdownAsync().ConfigureAwait(false);
        try
        {
            await _entry.GracefulStop(Settings.RequestTimeout).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // Slower than the request timeout: the system's shutdown stops it in the end.
        }

        _status = _status == StoreStatus.Failed ? StoreStatus.Failed : StoreStatus.Stopped;
        _depth.Dispose();
    }

    private async ValueTask<T> SendAsync<T>(int shard, IStoreCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnavailable(shard);
        return await WaitAsync<T>(_lanes[shard].Send(command), cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WaitAsync<T>(Task<object?> reply, CancellationToken cancellationToken)
    {
        try
        {
            return (T)(await reply.WaitAsync(Settings.RequestTimeout, cancellationToken).ConfigureAwait(false))!;
        }
        catch (JournalWriteFailedException failed)
        {
            throw new StoreUnavailableException($"The shard could not make the write durable ({failed.InnerException?.Message}); it may or may not have been applied. The shard recovers from its journal.", failed);
        }
    }

    private ValueTask Post(int shard, IStoreCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnavailable(shard);
        if (_lanes[shard].Target is not { } target)
        {
            throw Unavailable(shard);
        }

        MailboxFullException? refused = null;
        target.Tell(command, new RefusalListener(((ExtendedActorSystem)_system).Provider, target.Path, full => refused = full));
        return refused is null ? default : throw new StoreOverloadedException(shard, refused);
    }

    private void ThrowIfUnavailable(int shard)
    {
        if (_status != StoreStatus.Ready || _shardErrors[shard] is not null)
        {
            throw Unavailable(shard);
        }
    }

    private StoreUnavailableException Unavailable(int shard) => _status switch
    {
        StoreStatus.Starting => new StoreUnavailableException("The store is starting: its shards are recovering their data. Retry shortly."),
        StoreStatus.Failed => new StoreUnavailableException($"The store failed to start: {StartError?.Message}", StartError),
        StoreStatus.Stopping or StoreStatus.Stopped => new StoreUnavailableException("The store is shutting down and accepts no new requests."),
        _ => _shardErrors[shard] is { } error
            ? new StoreUnavailableException($"Shard {shard} is unavailable: {error.GetBaseException().Message}", error)
            : new StoreUnavailableException($"Shard {shard} is unavailable."),
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

    /// <summary>The region's news: shard refs, recoveries, failures.</summary>
    private sealed class RegionListener(ActorStateStore store) : IRegionListener
    {
        public void Started(int shard, IActorRef actor) => store._lanes[shard].Target = actor;

        public void Recovered(int shard, long sequenceNr)
        {
            store._shardErrors[shard] = null;
            lock (store._gate)
            {
                if (store._recovered[shard])
                {
                    return;
                }

                store._recovered[shard] = true;
                if (++store._recoveredCount < store.Settings.Shards || store._status != StoreStatus.Starting)
                {
                    return;
                }

                store._status = StoreStatus.Ready;
            }

            store._log.LogInformation("Store ready: all {Shards} shards recovered.", store.Settings.Shards);
            store._ready.TrySetResult();
        }

        public void RecoveryFailed(int shard, Exception cause)
        {
            store._shardErrors[shard] = cause;
            store._log.LogError(cause, "Shard {Shard} cannot recover its data.", shard);
            store.Fail(cause is StoreException
                ? new StoreUnavailableException($"The store cannot start: shard {shard} could not recover its data from {store.Location}: {cause.Message}", cause)
                : new StoreUnavailableException($"The store cannot start: shard {shard} could not recover its data from {store.Location}: {cause.GetBaseException().Message}", cause));
        }

        public void Stopped(int shard) => store._lanes[shard].Target = null;
    }

    /// <summary>
    /// Hears the dead letters of the store's messages: a batch that never reached its shard (the shard stopped with it
    /// queued) fails all its operations, so no caller waits for its timeout to learn that nothing was applied.
    /// </summary>
    private sealed class UndeliveredWatcher : ReceiveActor
    {
        public UndeliveredWatcher()
        {
            Receive<Akka.Event.AllDeadLetters>(dead =>
            {
                ShardMetrics.DeadLetter(dead switch
                {
                    Akka.Event.Dropped => "dropped",
                    Akka.Event.SuppressedDeadLetter => "suppressed",
                    _ => "dead-letter",
                });
                if (dead is not Akka.Event.DeadLetter)
                {
                    return;
                }

                switch (dead.Message)
                {
                    case OperationBatch batch:
                        batch.Lane.Undelivered(batch);
                        break;
                    case PostedBatch posted:
                        posted.NotDelivered(new StoreUnavailableException("The shard stopped with the batch queued; none of it was applied."), countAsLost: true);
                        break;
                }
            });
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Akka.Event.AllDeadLetters));

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
    }
}
