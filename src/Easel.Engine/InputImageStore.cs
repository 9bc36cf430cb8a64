using Easel.Core;
using Easel.Engine.Telemetry;
using Easel.Imaging;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Engine;

/// <summary>The reference images and mask uploaded with an edit, checked, moved to blob storage, and given ids the request carries.</summary>
public sealed record UploadedImages(IReadOnlyList<string> Images, string? Mask, IReadOnlyList<InputImage> Stored);

/// <summary>Keeps uploaded images for as long as output files are kept; the expiry sweeper deletes them after.</summary>
public sealed class InputImageStore(IEaselStore store, IBlobStore blobs, EaselMetrics metrics, IOptions<EaselOptions> options, TimeProvider clock) : IInputImageSource
{
    /// <summary>Checks every upload (PNG, JPEG or WebP; the mask a PNG with alpha of the first image's size), then stores them.</summary>
    public async Task<Result<UploadedImages>> SaveAsync(
        string accountId, IReadOnlyList<ReadOnlyMemory<byte>> images, ReadOnlyMemory<byte>? mask, CancellationToken ct)
    {
        if (InputImageRules.Check(images, mask) is { } invalid)
        {
            return invalid;
        }
        var expires = clock.GetUtcNow().AddHours(options.Value.FileTtlHours);
        var stored = new List<InputImage>();
        foreach (var bytes in mask is { } m ? [.. images, m] : images)
        {
            var input = new InputImage(new BlobKey(Ids.New("input_"), OutputFormats.Sniff(bytes.Span)!.Value), bytes.Length, expires);
            await blobs.PutAsync(input.Key, bytes, ct);
            stored.Add(input);
        }
        await store.AddInputImagesAsync(accountId, stored, ct);
        metrics.Stored("input", stored.Sum(s => s.ByteCount));
        var keys = stored.Select(s => s.Key.Name).ToList();
        return new UploadedImages(keys[..images.Count], mask is null ? null : keys[^1], stored);
    }

    /// <summary>Forgets uploads whose request was refused.</summary>
    public async Task DeleteAsync(UploadedImages uploaded, CancellationToken ct)
    {
        foreach (var input in uploaded.Stored)
        {
            await blobs.DeleteAsync(input.Key, ct);
        }
        await store.DeleteInputImagesAsync(uploaded.Stored.Select(s => s.Id).ToList(), ct);
    }

    public async Task<ReferenceImage> ReadAsync(string inputName, CancellationToken cancellationToken)
    {
        await using var stream = (BlobKey.TryParse(inputName, out var key) ? await blobs.OpenReadAsync(key, cancellationToken) : null)
            ?? throw new ReferenceFetchException("an uploaded image is no longer stored");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        var bytes = copy.ToArray();
        var format = OutputFormats.Sniff(bytes) ?? throw new ReferenceFetchException("an uploaded image is not a PNG, JPEG or WebP image");
        return new ReferenceImage(bytes, format);
    }
}

/// <summary>What an uploaded image and mask must be (SPEC §6, §7).</summary>
public static class InputImageRules
{
    public static RequestError? Check(IReadOnlyList<ReadOnlyMemory<byte>> images, ReadOnlyMemory<byte>? mask)
    {
        if (images.Count > GenerationRules.MaxImageUrls)
        {
            return Invalid($"at most {GenerationRules.MaxImageUrls} images are accepted", "image", "too_many_images");
        }
        for (var i = 0; i < images.Count; i++)
        {
            if (OutputFormats.Sniff(images[i].Span) is null)
            {
                return Invalid($"image {i + 1} is not a PNG, JPEG or WebP image", "image", "invalid_image");
            }
        }
        if (mask is not { } maskBytes)
        {
            return null;
        }
        if (images.Count == 0)
        {
            return Invalid("a mask needs an image to apply to", "mask", "invalid_mask");
        }
        try
        {
            if (OutputFormats.Sniff(maskBytes.Span) != OutputFormat.Png || !PngCodec.HasAlphaChannel(maskBytes.Span))
            {
                return Invalid("mask must be a PNG image with an alpha channel", "mask", "invalid_mask");
            }
            var maskSize = PngCodec.ReadSize(maskBytes.Span);
            var imageSize = SizeOf(images[0].Span);
            return maskSize == imageSize
                ? null
                : Invalid($"mask is {maskSize.Width}x{maskSize.Height} but the first image is {imageSize.Width}x{imageSize.Height}: they must be the same size", "mask", "invalid_mask");
        }
        catch (ImageDecodeException e)
        {
            return Invalid($"an uploaded image could not be read: {e.Message}", "image", "invalid_image");
        }
    }

    private static (int Width, int Height) SizeOf(ReadOnlySpan<byte> image) => ImageEncoder.ReadSize(image);

    private static RequestError Invalid(string message, string param, string code) => RequestError.Invalid(message, param) with { Code = code };
}
