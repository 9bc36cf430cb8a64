using Easel.Core;

namespace Easel.Server.Dialects.Unified;

/// <summary>Parses the native submit body into the neutral request. Field syntax only: the rules live in the core.</summary>
public static class UnifiedRequests
{
    /// <param name="uploads">How many images came as files with the request (its multipart form); they count as references.</param>
    /// <param name="models">The names accepted; an alias with reference images (URLs or uploads) resolves to the edit model.</param>
    public static Result<GenerationRequest> Parse(UnifiedSubmitRequest body, ModelNames models, int uploads = 0)
    {
        if (string.IsNullOrEmpty(body.Model))
        {
            return RequestError.Invalid($"model is required: {models.Accepted}", "model");
        }
        var edits = uploads > 0 || body.Input?.ImageUrls is { Count: > 0 };
        if (!models.TryResolve(body.Model, edits, out var model))
        {
            return models.Unknown(body.Model);
        }
        if (body.Input is not { } input)
        {
            return RequestError.Invalid("input is required", "input");
        }
        if (input.N is not null)
        {
            return RequestError.Invalid("input.n is not supported: each task makes one image", "input.n");
        }
        var prompt = GenerationRules.Prompt(input.Prompt);
        if (!prompt.IsOk)
        {
            return prompt.Error! with { Param = "input.prompt" };
        }
        var quality = Quality.Auto;
        if (input.Quality is not null && !Qualities.TryParse(input.Quality, allowAliases: false, out quality))
        {
            return RequestError.Invalid("input.quality must be one of low, medium, high, auto", "input.quality");
        }
        var resolution = Resolution.OneK;
        if (input.Resolution is not null && !Resolutions.TryParse(input.Resolution, out resolution))
        {
            return RequestError.Invalid("input.resolution must be one of 1K, 2K, 4K", "input.resolution");
        }
        var size = ParseSize(input.Size, resolution);
        if (!size.IsOk)
        {
            return size.Error!;
        }
        var format = OutputFormat.Png;
        if (input.OutputFormat is not null && !OutputFormats.TryParse(input.OutputFormat, out format))
        {
            return RequestError.Invalid("input.output_format must be png, jpeg or webp", "input.output_format");
        }
        var background = Background.Auto;
        if (input.Background is not null && !Backgrounds.TryParse(input.Background, out background))
        {
            return RequestError.Invalid($"input.background must be one of {string.Join(", ", Backgrounds.Words)}", "input.background");
        }
        if (GenerationRules.Background(background, format) is { } unsupported)
        {
            return unsupported with { Param = "input.background" };
        }
        if (uploads > 0 && model != GenerationModel.Edit)
        {
            return RequestError.Invalid($"uploaded images need model {GenerationModels.EditName}", "image");
        }
        return new GenerationRequest
        {
            Model = model,
            RequestedModel = ModelNames.Requested(body.Model, model),
            Prompt = prompt.Value!,
            Quality = quality,
            Size = size.Value,
            Format = format,
            Background = background,
            ImageUrls = input.ImageUrls ?? [],
            CallbackUrl = string.IsNullOrEmpty(body.CallbackUrl) ? null : body.CallbackUrl,
        };
    }

    /// <summary><c>auto</c> (or none), a ratio preset at the resolution, or <c>WxH</c> (2K/4K only).</summary>
    private static Result<ImageSize?> ParseSize(string? size, Resolution resolution)
    {
        if (size is null or "auto")
        {
            return (ImageSize?)null;
        }
        if (SizePresets.TryResolve(size, resolution, out var preset))
        {
            return (ImageSize?)preset;
        }
        if (ImageSize.TryParse(size, out var custom))
        {
            if (resolution == Resolution.OneK)
            {
                return RequestError.Invalid("custom WIDTHxHEIGHT sizes need input.resolution 2K or 4K", "input.size");
            }
            return SizeRules.Check(custom) is { } why
                ? RequestError.Invalid($"invalid input.size {custom}: {why}", "input.size")
                : (ImageSize?)custom;
        }
        return RequestError.Invalid(
            $"input.size must be auto, one of {string.Join(", ", SizePresets.Ratios)}, or WIDTHxHEIGHT", "input.size");
    }
}
