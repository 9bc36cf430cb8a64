namespace Easel.Client;

/// <summary>
/// One image to generate, or (with <see cref="ImageUrls"/> or <see cref="Images"/>) to edit. Only <see cref="Prompt"/> is required;
/// everything left unset takes the server's default (quality <c>auto</c>, size <c>auto</c>, resolution 1K, PNG).
/// </summary>
public sealed class ImageRequest
{
    /// <summary>A request with the prompt; set the other properties in an object initializer.</summary>
    /// <param name="prompt">What to draw, or how to change the input images (1–32,000 characters).</param>
    public ImageRequest(string prompt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        Prompt = prompt;
    }

    /// <summary>What to draw, or how to change the input images.</summary>
    public string Prompt { get; }

    /// <summary>
    /// The model; when unset, <see cref="EaselModels.Generate"/>, or <see cref="EaselModels.Edit"/> when the request has input images.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>The quality, which sets the price; unset means <see cref="ImageQuality.Auto"/>.</summary>
    public ImageQuality? Quality { get; init; }

    /// <summary>
    /// <c>auto</c>, a ratio (<c>1:1</c>, <c>2:3</c>, <c>3:2</c>, <c>3:4</c>, <c>4:3</c>, <c>4:5</c>, <c>5:4</c>, <c>9:16</c>, <c>16:9</c>,
    /// <c>21:9</c>) resolved at <see cref="Resolution"/>, or <c>WIDTHxHEIGHT</c> (with 2K or 4K).
    /// </summary>
    public string? Size { get; init; }

    /// <summary>The pixel budget a ratio in <see cref="Size"/> is resolved at; unset means 1K.</summary>
    public ImageResolution? Resolution { get; init; }

    /// <summary>The output's file format; unset means PNG.</summary>
    public ImageFormat? OutputFormat { get; init; }

    /// <summary>Whether the output's background may be transparent; unset means <see cref="ImageBackground.Auto"/>.</summary>
    public ImageBackground? Background { get; init; }

    /// <summary>Public http(s) addresses of up to 16 images to edit; the server downloads them when the task runs.</summary>
    public IList<Uri> ImageUrls { get; init; } = [];

    /// <summary>Images to edit, uploaded with the request (sent as <c>multipart/form-data</c>).</summary>
    public IList<ImageUpload> Images { get; init; } = [];

    /// <summary>A PNG whose transparent pixels mark what to change in the first image (same size); only with <see cref="Images"/>.</summary>
    public ImageUpload? Mask { get; init; }

    /// <summary>Where Easel posts the task's status, signed, when it ends (see <see cref="WebhookVerifier"/>).</summary>
    public Uri? CallbackUrl { get; init; }

    internal bool HasUploads => Images.Count > 0 || Mask is not null;

    internal string ModelOrDefault => Model ?? (ImageUrls.Count > 0 || HasUploads ? EaselModels.Edit : EaselModels.Generate);
}

/// <summary>The names of Easel's models.</summary>
public static class EaselModels
{
    /// <summary>Text to image.</summary>
    public const string Generate = "gpt-image-2";

    /// <summary>Image (plus text) to image.</summary>
    public const string Edit = "gpt-image-2-edit";
}
