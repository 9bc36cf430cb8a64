using Easel.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Easel.Engine;

/// <summary>
/// Deletes the bytes of expired files and uploaded images, forgets idempotency keys older than 24 hours and limits that no
/// longer limit anything. One node at a time sweeps: the one holding the sweep's lease in the store.
/// </summary>
public sealed partial class ExpirySweeper(
    IEaselStore store, IBlobStore blobs, TaskDispatcher dispatcher, TimeProvider clock, ILogger<ExpirySweeper> log) : BackgroundService
{
    public const string LeaseName = "expiry-sweep";

    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>Breaker views not refreshed for this long belong to nodes that are gone.</summary>
    private static readonly TimeSpan StaleHealth = TimeSpan.FromMinutes(10);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                // Held while this node sweeps every interval; when it stops, another takes the sweep over within three.
                if (await store.HoldNodeLeaseAsync(LeaseName, dispatcher.NodeId, 3 * Interval, stoppingToken))
                {
                    await SweepAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e);
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deleted = 0;
        IReadOnlyList<StoredFile> batch;
        do
        {
            batch = await store.GetExpiredFilesAsync(now, 500, ct);
            foreach (var file in batch)
            {
                await blobs.DeleteAsync(file.Key, ct);
                if (file.Thumbnail is { } thumbnail)
                {
                    await blobs.DeleteAsync(thumbnail, ct);
                }
                await store.MarkFileDeletedAsync(file.Id, ct);
                deleted++;
            }
        }
        while (batch.Count == 500);
        IReadOnlyList<InputImage> inputs;
        do
        {
            inputs = await store.GetExpiredInputImagesAsync(now, 500, ct);
            foreach (var input in inputs)
            {
                await blobs.DeleteAsync(input.Key, ct);
            }
            if (inputs.Count > 0)
            {
                await store.DeleteInputImagesAsync(inputs.Select(i => i.Id).ToList(), ct);
            }
        }
        while (inputs.Count == 500);
        await store.DeleteIdempotencyKeysBeforeAsync(now - IdempotencyKeyLifetime, ct);
        await store.PruneLimitsAsync(StaleHealth, ct);
        if (deleted > 0)
        {
            LogSwept(deleted);
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted {Count} expired files")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "expiry sweep failed")]
    private partial void LogSweepFailed(Exception e);
}
