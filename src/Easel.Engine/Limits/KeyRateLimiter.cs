using System.Collections.Concurrent;

namespace Easel.Engine.Limits;

/// <summary>
/// Requests per minute per key, as a generic cell rate algorithm: a key may spend its whole minute in a burst, then one
/// request every 60/N seconds. Counted on this node only; time from the injected clock.
/// </summary>
public sealed class KeyRateLimiter(TimeProvider clock)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, long> _nextFree = new(StringComparer.Ordinal);

    /// <summary>Counts one request; null if it is allowed, otherwise the whole seconds until one will be.</summary>
    public int? Take(string keyId, int perMinute)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var interval = TimeSpan.TicksPerMinute / perMinute;
        var tolerance = TimeSpan.TicksPerMinute - interval;
        if (_nextFree.Count >= MaxTracked)
        {
            Forget(now);
        }
        while (true)
        {
            var known = _nextFree.TryGetValue(keyId, out var theoretical);
            var start = known ? Math.Max(theoretical, now) : now;
            if (start - now > tolerance)
            {
                return (int)Math.Ceiling((start - now - tolerance) / (double)TimeSpan.TicksPerSecond);
            }
            if (known ? _nextFree.TryUpdate(keyId, start + interval, theoretical) : _nextFree.TryAdd(keyId, start + interval))
            {
                return null;
            }
        }
    }

    /// <summary>Keys whose allowance has fully refilled carry no state worth keeping.</summary>
    private void Forget(long now)
    {
        foreach (var (key, next) in _nextFree)
        {
            if (next <= now)
            {
                _nextFree.TryRemove(key, out _);
            }
        }
    }
}
