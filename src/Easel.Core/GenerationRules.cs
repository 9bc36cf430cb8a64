namespace Easel.Core;

/// <summary>Rules every dialect's request obeys once parsed (SPEC §2, §4).</summary>
public static class GenerationRules
{
    public const int MaxPromptLength = 32_000;
    public const int MaxImageUrls = 16;
    public const int MaxImageCount = 10;
    public const int MaxUrlLength = 2048;

    /// <summary>Trims and length-checks a prompt; null prompt or blank is an error.</summary>
    public static Result<string> Prompt(string? prompt)
    {
        var trimmed = prompt?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return RequestError.Invalid("prompt is required", "prompt");
        }
        if (trimmed.Length > MaxPromptLength)
        {
            return RequestError.Invalid($"prompt must be at most {MaxPromptLength} characters", "prompt");
        }
        return trimmed;
    }

    /// <summary>Checks what depends on the whole request: reference images, count, size.</summary>
    public static RequestError? Check(GenerationRequest request)
    {
        if (request.Model == GenerationModel.Edit && request.ReferenceCount == 0)
        {
            return RequestError.Invalid($"image_urls is required for {GenerationModels.EditName}", "image_urls");
        }
        if (request.Model == GenerationModel.Generate && (request.ReferenceCount > 0 || request.MaskImage is not null))
        {
            return RequestError.Invalid($"image_urls is not accepted by {GenerationModels.GenerateName}; use {GenerationModels.EditName}", "image_urls");
        }
        if (request.ReferenceCount > MaxImageUrls)
        {
            return RequestError.Invalid($"at most {MaxImageUrls} reference images are accepted", "image_urls");
        }
        foreach (var url in request.ImageUrls)
        {
            if (!IsHttpUrl(url))
            {
                return RequestError.Invalid("every image_urls entry must be an absolute http or https URL", "image_urls");
            }
        }
        if (request.CallbackUrl is not null && !IsHttpUrl(request.CallbackUrl))
        {
            return RequestError.Invalid("callback_url must be an absolute http or https URL", "callback_url");
        }
        if (request.ImageCount is < 1 or > MaxImageCount)
        {
            return RequestError.Invalid($"the image count must be between 1 and {MaxImageCount}", "n");
        }
        if (request.Size is { } size && SizeRules.Check(size) is { } why)
        {
            return RequestError.Invalid($"invalid size {size}: {why}", "size");
        }
        return Background(request.Background, request.Format);
    }

    /// <summary>A transparent background needs a format with an alpha channel: PNG or WebP.</summary>
    public static RequestError? Background(Background background, OutputFormat format) =>
        background == Core.Background.Transparent && format == OutputFormat.Jpeg
            ? RequestError.Invalid("a transparent background needs output_format png or webp", "background")
            : null;

    public static bool IsHttpUrl(string? text) =>
        text is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
