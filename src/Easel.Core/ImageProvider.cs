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

/// <summary>What a provider is asked to do; reference images are fetched only by providers that need their bytes.</summary>
public sealed record ProviderJob(string TaskId, GenerationRequest Request, IReferenceFetcher References)
{
    /// <summary>Where the request's uploaded images (<see cref="GenerationRequest.InputImages"/>, the mask) are read from.</summary>
    public IInputImageSource Inputs { get; init; } = InputImageSources.None;

    /// <summary>The first reference image: the first upload, else the first URL.</summary>
    public Task<ReferenceImage> FirstReferenceAsync(CancellationToken cancellationToken) =>
        Request.InputImages.Count > 0
            ? Inputs.ReadAsync(Request.InputImages[0], cancellationToken)
            : References.FetchAsync(Request.ImageUrls[0], cancellationToken);

    public async Task<ReferenceImage?> MaskAsync(CancellationToken cancellationToken) =>
        Request.MaskImage is { } mask ? await Inputs.ReadAsync(mask, cancellationToken) : null;
}

public sealed record GeneratedImage(ReadOnlyMemory<byte> Bytes, OutputFormat Format, int Width, int Height);

public abstract record ProviderOutcome
{
    public sealed record Succeeded(IReadOnlyList<GeneratedImage> Images, Quality ResolvedQuality) : ProviderOutcome;

    /// <summary>A failure; <paramref name="Retryable"/> ones may go to another channel.</summary>
    public sealed record Failed(string Message, string Code, bool Retryable) : ProviderOutcome;
}
