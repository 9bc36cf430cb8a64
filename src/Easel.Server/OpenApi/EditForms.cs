using System.ComponentModel;

namespace Easel.Server.OpenApi;

// The multipart forms of YYCode's and OpenAI's edits, as the OpenAPI document shows them (the routes read the forms themselves,
// through MultipartForm and ImageApiFields). Property names are written snake_case, as the form fields are named.

internal static class EditFormText
{
    public const string Model = "gpt-image-2, gpt-image-2-edit or an alias such as gpt-image-1 (GET /v1/models lists them); the route edits either way";
}

public sealed class YyCodeEditForm
{
    [Description(EditFormText.Model)]
    public string? Model { get; init; }

    public required string Prompt { get; init; }

    [Description("Number of images, 1 to 10")]
    public string? N { get; init; }

    [Description("<width>x<height>, e.g. 1024x1024")]
    public string? Size { get; init; }

    [Description("png, jpeg or webp")]
    public string? OutputFormat { get; init; }

    [Description("auto, low, medium, high, standard or hd")]
    public string? Quality { get; init; }

    [Description("auto or opaque")]
    public string? Background { get; init; }

    [Description("The source images (PNG, JPEG or WebP); repeat the field (or name it image[]) for several")]
    public required IFormFileCollection Image { get; init; }

    [Description("Optional: a PNG with an alpha channel; transparent pixels mark where to edit")]
    public IFormFile? Mask { get; init; }
}

public sealed class OpenAiEditForm
{
    [Description(EditFormText.Model)]
    public string? Model { get; init; }

    public required string Prompt { get; init; }

    public string? N { get; init; }

    public string? Size { get; init; }

    public string? Quality { get; init; }

    public string? Background { get; init; }

    public string? OutputFormat { get; init; }

    public string? OutputCompression { get; init; }

    public string? Moderation { get; init; }

    [Description("true answers with text/event-stream")]
    public string? Stream { get; init; }

    public string? PartialImages { get; init; }

    [Description("Easel extension: url answers with signed file URLs instead of b64_json")]
    public string? ResponseFormat { get; init; }

    [Description("The images to edit (PNG, JPEG or WebP); the field may also be named image[]")]
    public required IFormFileCollection Image { get; init; }

    [Description("Optional: a PNG with an alpha channel, the first image's size")]
    public IFormFile? Mask { get; init; }
}
