using Microsoft.Extensions.Logging;

namespace Actors.Events;

/// <summary>
/// Logs dead letters at a bounded rate: the first <c>log-dead-letters</c> of each window, then one summary of how many
/// were suppressed when the next window opens (<c>log-dead-letters-suspend-duration</c>). Every dead letter is still
/// counted in metrics and published on the event stream.
/// </summary>
internal sealed class DeadLetterLogger
{
    private readonly ILogger _logger;
    private readonly int _maxPerWindow;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _windowStart;
    private int _loggedInWindow;
    private long _suppressed;

    public DeadLetterLogger(ILogger logger, int maxPerWindow, TimeSpan window, TimeProvider time)
    {
        _logger = logger;
        _maxPerWindow = maxPerWindow;
        _window = window;
        _time = time;
        _windowStart = time.GetTimestamp();
    }

    public void OnDeadLetter(DeadLetter deadLetter)
    {
        long suppressedBefore = 0;
        bool log;
        lock (_gate)
        {
            if (_time.GetElapsedTime(_windowStart) >= _window)
            {
                suppressedBefore = _suppressed;
                _suppressed = 0;
                _loggedInWindow = 0;
                _windowStart = _time.GetTimestamp();
            }

            log = _loggedInWindow < _maxPerWindow;
            if (log)
            {
                _loggedInWindow++;
            }
            else
            {
                _suppressed++;
            }
        }

        if (suppressedBefore > 0)
        {
            _logger.LogWarning("{Count} dead letters were not logged in the last {Window} (rate limit actors.log-dead-letters = {Max}).", suppressedBefore, _window, _maxPerWindow);
        }

        if (log)
        {
            _logger.LogInformation("{DeadLetter}", deadLetter);
        }
    }
}
