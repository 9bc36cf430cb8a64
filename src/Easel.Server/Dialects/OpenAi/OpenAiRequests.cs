using System.Globalization;
using Easel.Core;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>An Images API call: the neutral request and how the answer is to be shaped.</summary>
public sealed record OpenAiCall(GenerationRequest Request, bool Stream, int PartialImages, bool Urls);

/// <summary>Parses the Images API's own options (SPEC §7) on top of the fields it shares with YYCode.</summary>
public static class OpenAiRequests
{
    public const int MaxPartialImages = 3;

    public static Result<OpenAiCall> Parse(
        ImageApiFields fields, GenerationModel model, ModelNames models, string? stream, string? partialImages, string? responseFormat, string? outputCompression, string? moderation)
    {
        var request = fields.Parse(model, models, qualityAliases: true, Backgrounds.Words);
        if (!request.IsOk)
        {
            return request.Error!;
        }
        if (!TryFlag(stream, out var streamed))
        {
            return RequestError.Invalid("stream must be true or false", "stream");
        }
        var partials = 0;
        if (partialImages is not null
            && (!int.TryParse(partialImages, NumberStyles.None, CultureInfo.InvariantCulture, out partials) || partials > MaxPartialImages))
        {
            return RequestError.Invalid($"partial_images must be an integer from 0 to {MaxPartialImages}", "partial_images");
        }
        if (responseFormat is not (null or "b64_json" or "url"))
        {
            return RequestError.Invalid("response_format must be b64_json or url", "response_format");
        }
        if (outputCompression is not null
            && (!int.TryParse(outputCompression, NumberStyles.None, CultureInfo.InvariantCulture, out var compression) || compression > 100))
        {
            return RequestError.Invalid("output_compression must be an integer from 0 to 100", "output_compression");
        }
        if (moderation is not (null or "auto" or "low"))
        {
            return RequestError.Invalid("moderation must be auto or low", "moderation");
        }
        return new OpenAiCall(request.Value!, streamed, partials, responseFormat == "url");
    }

    private static bool TryFlag(string? text, out bool value)
    {
        value = text is "true" or "True";
        return text is null or "true" or "false" or "True" or "False";
    }
}
