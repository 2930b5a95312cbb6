using Actors.Dispatch;
using Actors.Store.Configuration;
using Actors.Store.Hosting;

namespace Actors.Store.Strategies;

using Akka.Actor;
using Akka.Configuration;

/// <summary>
/// The actor store as a lab strategy (<c>actor</c>, and <c>actor-bounded</c> with bounded shard mailboxes): every
/// operation is a message to the one shard actor that owns the key, so nothing is shared between threads. In memory
/// (durability none), so that the lab compares concurrency control, not disks. With bounded mailboxes the overflow
/// policy is <c>reject</c>: a full shard refuses at once, which the lab counts as a rejection.
/// </summary>
public sealed class ActorStrategy : IKeyValueStrategy
{
    private const string BoundedMailbox = "lab-bounded";

    private readonly ActorSystem _system;
    private readonly ActorStateStore _store;

    private ActorStrategy(string name, ActorSystem system, ActorStateStore store)
    {
        Name = name;
        _system = system;
        _store = store;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Starts a store with <see cref="StrategyOptions.Shards"/> shards, bounded or not, and waits until it is ready.</summary>
    public static async ValueTask<IKeyValueStrategy> StartAsync(StrategyOptions options, bool bounded, CancellationToken cancellationToken)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            {{BoundedMailbox}} {
              mailbox-type = "{{typeof(BoundedAnsweringMailbox).FullName}}, {{typeof(BoundedAnsweringMailbox).Assembly.GetName().Name}}"
              mailbox-capacity = {{options.MailboxCapacity}}
              overflow-policy = reject
            }
            """);
        var system = StoreActorSystem.Create(bounded ? "lab-actor-bounded" : "lab-actor", config);
        try
        {
            var store = await ActorStateStore.StartAsync(
                system,
                new StoreSettings { Shards = options.Shards, Durability = Durability.None, Mailbox = bounded ? BoundedMailbox : StoreSettings.DefaultMailbox },
                cancellationToken).ConfigureAwait(false);
            return new ActorStrategy(bounded ? StrategyNames.ActorBounded : StrategyNames.Actor, system, store);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ReadResult> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var entry = await Call(() => _store.GetAsync(key, cancellationToken)).ConfigureAwait(false);
        return entry is null ? ReadResult.Missing : ReadResult.Of(entry.Value.ToArray(), entry.Version);
    }

    /// <inheritdoc />
    public async ValueTask<long> SetAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        (await Call(() => _store.SetAsync(key, value, null, cancellationToken)).ConfigureAwait(false)).Version;

    /// <inheritdoc />
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await Call(() => _store.IncrementAsync(key, delta, cancellationToken)).ConfigureAwait(false);
            return new CounterResult(result.Value, result.Version);
        }
        catch (NotAnIntegerException notAnInteger)
        {
            throw new FormatException(notAnInteger.Message, notAnInteger);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        (await Call(() => _store.DeleteAsync(key, null, cancellationToken)).ConfigureAwait(false)).Deleted;

    /// <inheritdoc />
    public async ValueTask<CasResult> CompareAndSetAsync(string key, long expectedVersion, byte[] value, CancellationToken cancellationToken = default)
    {
        var result = await Call(() => _store.SetAsync(key, value, new SetOptions { ExpectedVersion = expectedVersion }, cancellationToken)).ConfigureAwait(false);
        return new CasResult(result.Applied, result.Version);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<KeyValueEntry>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        // The store pages a scan (at most MaxScanPage keys a page); the lab asks for up to `limit` keys, so follow the
        // cursor — a single page made a map of more than 10,000 keys look corrupted to the verifier.
        var entries = new List<KeyValueEntry>();
        string? cursor = null;
        do
        {
            var pageLimit = Math.Clamp(limit - entries.Count, 1, MaxScanPage);
            var after = cursor;
            var page = await Call(() => _store.ScanAsync(prefix, pageLimit, after, includeValues: true, cancellationToken)).ConfigureAwait(false);
            entries.AddRange(page.Entries.Select(e => new KeyValueEntry(e.Key, e.Value.ToArray(), e.Version)));
            cursor = page.Cursor;
        }
        while (cursor is not null && entries.Count < limit);

        return entries;
    }

    /// <summary>The largest page <see cref="IStateStore.ScanAsync"/> serves.</summary>
    private const int MaxScanPage = 10_000;

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => Call(() => _store.CountAsync(cancellationToken));

    /// <inheritdoc />
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        // The store has no "clear": delete every key, page by page (each delete keeps its tombstone, as required).
        string? cursor = null;
        do
        {
            var page = await Call(() => _store.ScanAsync(string.Empty, 1000, cursor, includeValues: false, cancellationToken)).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                await Call(() => _store.DeleteAsync(entry.Key, null, cancellationToken)).ConfigureAwait(false);
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);
    }

    /// <inheritdoc />
    public void PostSet(string key, byte[] value)
    {
        try
        {
            var posted = _store.PostSetAsync(key, value);
            if (!posted.IsCompletedSuccessfully)
            {
                // Unbounded mailboxes, and bounded ones that reject, never wait: this completes at once.
                posted.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (StoreOverloadedException overloaded)
        {
            throw new OperationRejectedException(overloaded.Message, overloaded);
        }
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await Call(async () =>
        {
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);

    private static async ValueTask<T> Call<T>(Func<ValueTask<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (StoreOverloadedException overloaded)
        {
            throw new OperationRejectedException(overloaded.Message, overloaded);
        }
    }
}
