using System.Globalization;
using System.Text.Json;
using Easel.Core;
using Easel.Server.Http;

namespace Easel.Server.Dialects;

/// <summary>The OpenAI-style image fields YYCode and OpenAI share, as text whether they came as JSON or as form fields.</summary>
public sealed record ImageApiFields(string? Model, string? Prompt, string? N, string? Size, string? OutputFormat, string? Quality, string? Background)
{
    public static ImageApiFields FromForm(MultipartForm form) => new(
        form.Field("model"), form.Field("prompt"), form.Field("n"), form.Field("size"), form.Field("output_format"), form.Field("quality"), form.Field("background"));

    /// <summary>A JSON number or string as the text a form field would carry.</summary>
    public static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Null } or null => null,
        { } other => other.GetRawText(),
    };

    /// <summary>Field syntax only; the rules on counts and sizes are the core's.</summary>
    /// <param name="model">The model the route implies; <see cref="Model"/>, when sent, must be a name <paramref name="models"/> accepts.</param>
    /// <param name="backgrounds">The background words this dialect accepts.</param>
    public Result<GenerationRequest> Parse(GenerationModel model, ModelNames models, bool qualityAliases, IReadOnlyList<string> backgrounds)
    {
        if (Model is not null && !models.TryResolve(Model, edits: model == GenerationModel.Edit, out _))
        {
            return models.Unknown(Model);
        }
        var prompt = GenerationRules.Prompt(Prompt);
        if (!prompt.IsOk)
        {
            return prompt.Error!;
        }
        var n = 1;
        if (N is not null && !int.TryParse(N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
        {
            return RequestError.Invalid($"n must be an integer from 1 to {GenerationRules.MaxImageCount}", "n");
        }
        ImageSize? size = null;
        if (Size is not (null or "auto"))
        {
            if (!ImageSize.TryParse(Size, out var exact))
            {
                return RequestError.Invalid("size must be auto or WIDTHxHEIGHT, such as 1024x1024", "size");
            }
            size = exact;
        }
        var format = Core.OutputFormat.Png;
        if (OutputFormat is not null && !OutputFormats.TryParse(OutputFormat, out format))
        {
            return RequestError.Invalid("output_format must be png, jpeg or webp", "output_format");
        }
        var quality = Core.Quality.Auto;
        if (Quality is not null && !Qualities.TryParse(Quality, qualityAliases, out quality))
        {
            return RequestError.Invalid($"quality must be one of auto, low, medium, high{(qualityAliases ? ", standard, hd" : "")}", "quality");
        }
        var background = Core.Background.Auto;
        if (Background is not null && !(backgrounds.Contains(Background) && Backgrounds.TryParse(Background, out background)))
        {
            return RequestError.Invalid($"background must be one of {string.Join(", ", backgrounds)}", "background");
        }
        if (GenerationRules.Background(background, format) is { } unsupported)
        {
            return unsupported;
        }
        return new GenerationRequest
        {
            Model = model,
            RequestedModel = ModelNames.Requested(Model, model),
            Prompt = prompt.Value!,
            ImageCount = n,
            Size = size,
            Format = format,
            Quality = quality,
            Background = background,
        };
    }
}
