namespace Easel.Core;

/// <summary>One upstream (or the sandbox) that turns a request into images.</summary>
public interface IImageProvider
{
    /// <summary>Channel name, for logs and the admin API.</summary>
    string Name { get; }

    /// <summary>Null when this provider can serve the request, otherwise why not (checked before any money moves).</summary>
    string? CannotServe(GenerationRequest request);

    Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken);
}

/// <summary>A reference image already fetched and checked.</summary>
public sealed record ReferenceImage(ReadOnlyMemory<byte> Bytes, OutputFormat Format);

/// <summary>
/// What a provider is asked to do. Reference images are fetched only by providers that need their bytes; results are written
/// to <paramref name="Images"/> as they arrive. <paramref name="ResumeUpstreamTaskId"/> is the upstream job an earlier attempt
/// at this same channel started (poll it, never submit again); async providers record a new job's id in <paramref name="Journal"/>
/// before they first poll it.
/// </summary>
public sealed record ProviderJob(
    string TaskId, GenerationRequest Request, IReferenceFetcher References, IImageSink Images, IUpstreamJournal Journal, string? ResumeUpstreamTaskId = null)
{
    /// <summary>Where the request's uploaded images (<see cref="GenerationRequest.InputImages"/>, the mask) are read from.</summary>
    public IInputImageSource Inputs { get; init; } = InputImageSources.None;

    /// <summary>The first reference image: the first upload, else the first URL.</summary>
    public Task<ReferenceImage> FirstReferenceAsync(CancellationToken cancellationToken) =>
        Request.InputImages.Count > 0
            ? Inputs.ReadAsync(Request.InputImages[0], cancellationToken)
            : References.FetchAsync(Request.ImageUrls[0], cancellationToken);

    /// <summary>Every reference image, uploads first, then the URLs in order.</summary>
    public async Task<IReadOnlyList<ReferenceImage>> AllReferencesAsync(CancellationToken cancellationToken)
    {
        var all = new List<ReferenceImage>(Request.ReferenceCount);
        foreach (var id in Request.InputImages)
        {
            all.Add(await Inputs.ReadAsync(id, cancellationToken));
        }
        foreach (var url in Request.ImageUrls)
        {
            all.Add(await References.FetchAsync(url, cancellationToken));
        }
        return all;
    }

    public async Task<ReferenceImage?> MaskAsync(CancellationToken cancellationToken) =>
        Request.MaskImage is { } mask ? await Inputs.ReadAsync(mask, cancellationToken) : null;
}

/// <summary>An output image already written to blob storage under <paramref name="Key"/>.</summary>
public sealed record GeneratedImage(BlobKey Key, long ByteCount, int Width, int Height)
{
    /// <summary>Its small preview, when one could be made.</summary>
    public BlobKey? Thumbnail { get; init; }
}

/// <summary>Writes output images to storage as they stream in, so no provider holds a whole image (or its base64) in memory.</summary>
public interface IImageSink
{
    /// <summary>Stores the image read from <paramref name="content"/>; its format and size come from its own header.</summary>
    /// <exception cref="UnreadableImageException">The bytes are not a PNG, JPEG or WebP image.</exception>
    Task<GeneratedImage> SaveAsync(Stream content, CancellationToken cancellationToken);
}

public sealed class UnreadableImageException(string message) : Exception(message);

/// <summary>Where an async provider writes down the upstream job it started, so a restart resumes it instead of paying again.</summary>
public interface IUpstreamJournal
{
    Task RecordSubmittedAsync(string upstreamTaskId, CancellationToken cancellationToken);
}

public abstract record ProviderOutcome
{
    /// <summary>The configured name of the channel that gave this outcome, set by the router (for metrics).</summary>
    public string? Channel { get; init; }

    public sealed record Succeeded(IReadOnlyList<GeneratedImage> Images, Quality ResolvedQuality) : ProviderOutcome;

    /// <summary>A failure; <paramref name="Retryable"/> ones may go to another channel (SPEC §10).</summary>
    public sealed record Failed(string Message, FailureCode Code, bool Retryable) : ProviderOutcome
    {
        /// <summary>How long the upstream asked to be left alone (a 429's Retry-After).</summary>
        public TimeSpan? RetryAfter { get; init; }
    }
}
