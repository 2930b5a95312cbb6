namespace Actors.Dispatch;

/// <summary>Resolves the dispatcher ids that <see cref="Props.WithDispatcher"/> names; one instance per id.</summary>
internal sealed class DispatcherRegistry
{
    private readonly Dictionary<string, Dispatcher> _dispatchers;

    public DispatcherRegistry(IReadOnlyDictionary<string, DispatcherSettings> settings)
    {
        _dispatchers = settings.ToDictionary(kv => kv.Key, kv => new Dispatcher(kv.Key, kv.Value), StringComparer.Ordinal);
        if (!_dispatchers.ContainsKey(DispatcherSettings.DefaultId))
        {
            _dispatchers[DispatcherSettings.DefaultId] = new Dispatcher(DispatcherSettings.DefaultId, new DispatcherSettings());
        }
    }

    public Dispatcher Resolve(string id) =>
        _dispatchers.TryGetValue(id, out var dispatcher)
            ? dispatcher
            : throw new ArgumentException(
                $"Unknown dispatcher '{id}'. Configured dispatchers: {string.Join(", ", _dispatchers.Keys.Order())}. Define it under actors.dispatchers.{id}.");
}
