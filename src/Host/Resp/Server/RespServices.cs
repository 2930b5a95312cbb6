using Actors.Host.Resp.Commands;
using Actors.Store;
using Actors.Store.Configuration;
using Actors.Store.Sharding;

namespace Actors.Host.Resp.Server;

/// <summary>What every command of every connection works with: the store, its settings, the clock and the counters.</summary>
public sealed class RespServices(
    IStateStore store,
    IManagedStateStore managed,
    StoreSettings storeSettings,
    RespSettings settings,
    TimeProvider time)
{
    /// <summary>The store as the DI container hands it out (the metered one, so RESP traffic shows in /metrics).</summary>
    public IStateStore Store { get; } = store;

    /// <summary>The store's own handle, for its status, durability and location (INFO).</summary>
    public IManagedStateStore Managed { get; } = managed;

    public StoreSettings StoreSettings { get; } = storeSettings;

    public RespSettings Settings { get; } = settings;

    public TimeProvider Time { get; } = time;

    public RespServerStats Stats { get; } = new();

    public ScanCursorTable ScanCursors { get; } = new(settings.ScanCursors);

    public RespCommandTable Commands { get; } = RespCommandTable.Default;

    /// <summary>The port the listener bound (the one chosen when <c>port = auto</c>); set once, before the first client.</summary>
    public int ListeningPort { get; set; }

    /// <summary>The shard of <paramref name="key"/>: the store's rule, hash tags included, so a cross-shard request is refused before it is sent.</summary>
    public int ShardOf(string key) => StableHash.ShardOf(key, StoreSettings.Shards);

    /// <summary>Whether all <paramref name="keys"/> live in one shard.</summary>
    public bool SameShard(IReadOnlyList<string> keys)
    {
        for (var i = 1; i < keys.Count; i++)
        {
            if (ShardOf(keys[i]) != ShardOf(keys[0]))
            {
                return false;
            }
        }

        return true;
    }
}
