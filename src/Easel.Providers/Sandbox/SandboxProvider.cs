using Easel.Core;
using Easel.Imaging;

namespace Easel.Providers.Sandbox;

/// <summary>
/// The offline provider: a deterministic picture from (prompt, seed) at the exact size and format asked, showing the prompt;
/// edits start from the first reference image and visibly change it (only where the mask is transparent, given one). No network, no cost.
/// </summary>
public sealed class SandboxProvider(SandboxOptions options, TimeProvider clock) : IImageProvider
{
    public static readonly ImageSize AutoSize = new(1024, 1024);

    public string Name => "sandbox";

    /// <summary>Every request: PNG, JPEG and WebP all encode with the bundled libvips.</summary>
    public string? CannotServe(GenerationRequest request) => null;

    public async Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken)
    {
        if (options.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.LatencyMs), clock, cancellationToken);
        }
        if (options.FailureRate > 0 && Random.Shared.NextDouble() < options.FailureRate)
        {
            return new ProviderOutcome.Failed("the sandbox failed this task on purpose (Easel:Sandbox:FailureRate)", FailureCode.SandboxFailure, Retryable: false);
        }
        var request = job.Request;
        RgbaImage? reference = null;
        RgbaImage? mask = null;
        if (request.Model == GenerationModel.Edit)
        {
            try
            {
                reference = ImageEncoder.Decode((await job.FirstReferenceAsync(cancellationToken)).Bytes.Span);
                mask = await job.MaskAsync(cancellationToken) is { } m ? ImageEncoder.Decode(m.Bytes.Span) : null;
            }
            catch (ImageDecodeException e)
            {
                return new ProviderOutcome.Failed($"a reference image could not be decoded: {e.Message}", FailureCode.InvalidReferenceImage, Retryable: false);
            }
        }
        var size = request.Size ?? AutoSize;
        var images = new List<GeneratedImage>(request.ImageCount);
        for (var i = 0; i < request.ImageCount; i++)
        {
            var seed = request.SeedOf(i);
            var bytes = await Task.Run(() =>
            {
                var picture = reference is null
                    ? SandboxRenderer.Render(request.Prompt, seed, size.Width, size.Height)
                    : SandboxRenderer.RenderEdit(request.Prompt, seed, reference, size.Width, size.Height, mask);
                return ImageEncoder.Encode(picture, request.Format, transparentBackground: request.Background == Background.Transparent);
            }, cancellationToken);
            using var content = new MemoryStream(bytes, writable: false);
            images.Add(await job.Images.SaveAsync(content, cancellationToken));
        }
        return new ProviderOutcome.Succeeded(images, request.Quality == Quality.Auto ? Quality.Medium : request.Quality);
    }
}
