namespace Actors.Store.Tests.Cluster;

/// <summary>
/// Which simulated node hosts which shard, across the nodes of a test: a node that starts hosting a shard another node
/// still serves (with its lease holding) breaks "never two active owners".
/// </summary>
internal sealed class ShardHostRegistry(ViewHistory history)
{
    private readonly object _lock = new();
    private readonly Dictionary<int, Dictionary<SimulatedNode, long>> _hosts = [];

    public void Start(SimulatedNode node, int shard, long epoch)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(shard, out Dictionary<SimulatedNode, long>? hosts))
            {
                _hosts[shard] = hosts = [];
            }

            foreach ((SimulatedNode other, long otherEpoch) in hosts)
            {
                if (other != node && other.Node.HasLease)
                {
                    history.Violation($"{node.Name} started hosting shard {shard} at epoch {epoch} while {other.Name} still serves it at epoch {otherEpoch} with a valid lease");
                }
            }

            hosts[node] = epoch;
        }
    }

    public void Stop(SimulatedNode node, int shard)
    {
        lock (_lock)
        {
            if (_hosts.TryGetValue(shard, out Dictionary<SimulatedNode, long>? hosts))
            {
                hosts.Remove(node);
            }
        }
    }

    public void StopAll(SimulatedNode node)
    {
        lock (_lock)
        {
            foreach (Dictionary<SimulatedNode, long> hosts in _hosts.Values)
            {
                hosts.Remove(node);
            }
        }
    }
}
