namespace Easel.Engine.Channels;

public enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// Keeps a failing channel out of rotation: <c>failureThreshold</c> retryable failures in a row (or a 429 with Retry-After) open
/// it; once <c>breakFor</c> (or the Retry-After) has passed, one trial call is let through, whose result closes or re-opens it.
/// All time comes from the injected clock.
/// </summary>
public sealed class CircuitBreaker(int failureThreshold, TimeSpan breakFor, TimeProvider clock)
{
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(10);
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private bool _trialInFlight;

    public BreakerState State
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is not { } until ? BreakerState.Closed : clock.GetUtcNow() < until ? BreakerState.Open : BreakerState.HalfOpen;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_lock)
            {
                return _openUntil;
            }
        }
    }

    /// <summary>Whether a call may go to the channel now; in the half-open state only one trial at a time.</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return true;
            }
            if (clock.GetUtcNow() < until || _trialInFlight)
            {
                return false;
            }
            _trialInFlight = true;
            return true;
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            (_failures, _openUntil, _trialInFlight) = (0, null, false);
        }
    }

    public void RecordFailure(TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            _failures++;
            var now = clock.GetUtcNow();
            if (_trialInFlight || _failures >= failureThreshold)
            {
                _openUntil = now + breakFor;
            }
            if (retryAfter is { } wait && wait > TimeSpan.Zero)
            {
                var until = now + (wait < LongestRetryAfter ? wait : LongestRetryAfter);
                _openUntil = _openUntil is { } open && open > until ? open : until;
            }
            _trialInFlight = false;
        }
    }

    /// <summary>A call that ended without telling anything about the channel (it was canceled).</summary>
    public void Release()
    {
        lock (_lock)
        {
            _trialInFlight = false;
        }
    }
}

public static class BreakerStates
{
    public static string ToWire(this BreakerState state) => state switch
    {
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half_open",
        _ => "closed",
    };

    /// <summary>How far from healthy a state is: of several nodes' views, the one furthest tells.</summary>
    public static int Severity(string wire) => wire switch
    {
        "open" => 2,
        "half_open" => 1,
        _ => 0,
    };
}
