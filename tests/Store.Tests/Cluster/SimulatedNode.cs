using Actors.Store.Cluster;

namespace Actors.Store.Tests.Cluster;

/// <summary>
/// A <see cref="ClusterNode"/> with what the store would do around it: host the shards the view gives it, and, when
/// one is being handed off, stop hosting it and release it (unless <see cref="AutoRelease"/> is off, as for a stuck node).
/// </summary>
internal sealed class SimulatedNode : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly ShardHostRegistry _registry;
    private readonly ViewHistory _history;
    private readonly Dictionary<int, long> _hosted = [];
    private readonly HashSet<int> _releasing = [];
    private readonly HashSet<(int Shard, long Epoch)> _released = [];
    private readonly List<Task> _releases = [];
    private bool _disposed;
    private long _appliedVersion;

    public SimulatedNode(ClusterNode node, ShardHostRegistry registry, ViewHistory history)
    {
        Node = node;
        _registry = registry;
        _history = history;
        node.ViewChanged += OnView;

        // The views published before the subscription. Their events may still be on their way to this handler (they
        // are raised on the node's own task), so events older than what was applied are ignored by Apply; the history
        // records events only, whose order the node guarantees.
        Apply(node.View);

    }

    public ClusterNode Node { get; }

    public string Name => Node.NodeName;

    /// <summary>Whether hand-offs are released as soon as the view asks.</summary>
    public volatile bool AutoRelease = true;

    public bool IsPaused { get; private set; }

    /// <summary>The shards this node hosts now, by epoch.</summary>
    public IReadOnlyDictionary<int, long> Hosted
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<int, long>(_hosted);
            }
        }
    }

    public void Pause()
    {
        IsPaused = true;
        Node.Pause();
    }

    public void Resume()
    {
        IsPaused = false;
        Node.Resume();
    }

    /// <summary>Re-applies the current view, as after turning <see cref="AutoRelease"/> back on.</summary>
    public void Reconsider() => Apply(Node.View);

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _hosted.Clear();
        }

        _registry.StopAll(this);
        Node.ViewChanged -= OnView;
        await Node.DisposeAsync();
        Task[] releases;
        lock (_lock)
        {
            releases = [.. _releases];
        }

        await Task.WhenAll(releases.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private void OnView(ClusterView view)
    {
        _history.Record(Name, view);
        Apply(view);
    }

    private void Apply(ClusterView view)
    {
        lock (_lock)
        {
            if (_disposed || view.Version < _appliedVersion)
            {
                return;
            }

            _appliedVersion = view.Version;

            foreach (ShardOwnership shard in view.Shards)
            {
                bool mine = shard.Owner == Name;
                if (!mine)
                {
                    if (_hosted.Remove(shard.Shard))
                    {
                        _registry.Stop(this, shard.Shard); // taken away: failed over, or released
                    }

                    continue;
                }

                if (_releasing.Contains(shard.Shard) || _released.Contains((shard.Shard, shard.Epoch)))
                {
                    continue; // its release is under way, or done and this view predates it
                }

                if (shard.State == ShardOwnershipState.HandingOff && AutoRelease)
                {
                    // The store would stop taking requests for the shard, flush it and stop it; then release.
                    _hosted.Remove(shard.Shard);
                    _registry.Stop(this, shard.Shard);
                    _releasing.Add(shard.Shard);
                    _releases.Add(ReleaseAsync(shard.Shard, shard.Epoch));
                }
                else if (!_hosted.TryGetValue(shard.Shard, out long epoch) || epoch != shard.Epoch)
                {
                    _hosted[shard.Shard] = shard.Epoch;
                    _registry.Start(this, shard.Shard, shard.Epoch);
                }
            }
        }
    }

    private async Task ReleaseAsync(int shard, long epoch)
    {
        try
        {
            if (await Node.ReleaseShardAsync(shard, epoch))
            {
                lock (_lock)
                {
                    _released.Add((shard, epoch));
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e) when (!_disposed)
        {
            _history.Violation($"{Name} failed to release shard {shard} at epoch {epoch}: {e}");
        }
        finally
        {
            lock (_lock)
            {
                _releasing.Remove(shard);
            }

            // Cancelled hand-offs leave the shard with this node: the next view (or this one) hosts it again.
            if (!_disposed)
            {
                Apply(Node.View);
            }
        }
    }
}
