namespace Easel.Store;

/// <summary>What is known of the blobs: output files (recorded with their task's completion) and uploaded input images.</summary>
public interface IFileStore
{
    Task<StoredFile?> GetFileAsync(string fileId, CancellationToken ct);

    Task<IReadOnlyList<StoredFile>> GetExpiredFilesAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task MarkFileDeletedAsync(string fileId, CancellationToken ct);

    /// <summary>Records uploaded images whose bytes are already in blob storage.</summary>
    Task AddInputImagesAsync(string accountId, IReadOnlyList<InputImage> images, CancellationToken ct);

    Task<IReadOnlyList<InputImage>> GetExpiredInputImagesAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task DeleteInputImagesAsync(IReadOnlyList<string> ids, CancellationToken ct);
}
