namespace Actors.Store.Load;

/// <summary>
/// Signals from the runner to its workers, read once per operation: a stop flag, and an epoch that moves when
/// warm-up ends (workers then discard what they measured so far). Plain volatile fields: cheaper than a
/// cancellation token check, and written only a couple of times per run.
/// </summary>
internal sealed class RunControl
{
    private volatile bool _stopRequested;
    private volatile int _epoch;

    public bool StopRequested => _stopRequested;

    public int Epoch => _epoch;

    public void Stop() => _stopRequested = true;

    public void BeginMeasuring() => _epoch++;
}
