using System.Diagnostics;

namespace Easel.Store.Tests;

/// <summary>
/// The stores' clock in these tests: it starts at noon UTC of today (so no test crosses a UTC day by itself) and runs at
/// real speed, so a real wait lets a lease run out on either store; <see cref="Advance"/> jumps ahead without waiting.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly DateTimeOffset _start = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _start + _elapsed.Elapsed + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
