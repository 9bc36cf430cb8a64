using Easel.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Easel.Engine;

/// <summary>Deletes the bytes of expired files and uploaded images, and forgets idempotency keys older than 24 hours.</summary>
public sealed partial class ExpirySweeper(IEaselStore store, IBlobStore blobs, TimeProvider clock, ILogger<ExpirySweeper> log) : BackgroundService
{
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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
                await blobs.DeleteAsync(file.StorageKey, ct);
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
                await blobs.DeleteAsync(input.StorageKey, ct);
            }
            if (inputs.Count > 0)
            {
                await store.DeleteInputImagesAsync(inputs.Select(i => i.Id).ToList(), ct);
            }
        }
        while (inputs.Count == 500);
        await store.DeleteIdempotencyKeysBeforeAsync(now - IdempotencyKeyLifetime, ct);
        if (deleted > 0)
        {
            LogSwept(deleted);
        }
        return deleted;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted {Count} expired files")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "expiry sweep failed")]
    private partial void LogSweepFailed(Exception e);
}
