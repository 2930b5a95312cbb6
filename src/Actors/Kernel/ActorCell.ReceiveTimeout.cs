namespace Actors;

/// <summary>
/// Receive timeout: one timer per actor that uses it. Each message only stamps the time; the timer checks the real
/// idle time when it fires and re-arms for the remainder, so a busy actor costs no timer churn.
/// </summary>
internal sealed partial class ActorCell
{
    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout?.Timeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } value && value <= TimeSpan.Zero)
        {
            timeout = null;
        }

        if (timeout is null)
        {
            if (_extras?.ReceiveTimeout is { } existing)
            {
                existing.Timeout = null;
                existing.Timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            return;
        }

        var state = Extras.ReceiveTimeout ??= new ReceiveTimeoutState();
        state.Timeout = timeout;
        state.LastActivity = System.TimeProvider.GetTimestamp();
        ArmReceiveTimeout(state, timeout.Value);
    }

    private void HandleCheckReceiveTimeout()
    {
        if (_extras?.ReceiveTimeout is not { Timeout: { } timeout } state || _state != CellState.Running)
        {
            return;
        }

        var idle = System.TimeProvider.GetElapsedTime(state.LastActivity);
        if (idle < timeout)
        {
            ArmReceiveTimeout(state, timeout - idle);
            return;
        }

        if (!Mailbox.HasUserMessages)
        {
            state.LastActivity = System.TimeProvider.GetTimestamp();
            Mailbox.EnqueueFromTurn(new Envelope(Actors.ReceiveTimeout.Instance, null));
        }

        ArmReceiveTimeout(state, timeout);
    }

    private void ArmReceiveTimeout(ReceiveTimeoutState state, TimeSpan due)
    {
        state.Timer ??= System.TimeProvider.CreateTimer(
            static self => ((LocalActorRef)self!).SendSystemMessage(new CheckReceiveTimeout()),
            _self,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        state.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void StopReceiveTimeoutTimer()
    {
        if (_extras?.ReceiveTimeout is { } state)
        {
            state.Timeout = null;
            state.Timer?.Dispose();
            state.Timer = null;
        }
    }

    private sealed class ReceiveTimeoutState
    {
        public TimeSpan? Timeout;
        public long LastActivity;
        public ITimer? Timer;
    }
}
