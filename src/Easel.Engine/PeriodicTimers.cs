namespace Easel.Engine;

public static class PeriodicTimers
{
    /// <summary>Waits for the timer's next tick; false once the timer is disposed or <paramref name="ct"/> stops the loop.</summary>
    public static async Task<bool> NextTickAsync(this PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
