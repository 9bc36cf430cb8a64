namespace Easel.Core;

public enum GenerationModel
{
    Generate,
    Edit,
}

public static class GenerationModels
{
    public const string GenerateName = "gpt-image-2";
    public const string EditName = "gpt-image-2-edit";

    public static bool TryParse(string? text, out GenerationModel model)
    {
        switch (text)
        {
            case GenerateName: model = GenerationModel.Generate; return true;
            case EditName: model = GenerationModel.Edit; return true;
            default: model = default; return false;
        }
    }

    public static string ToWire(this GenerationModel model) => model == GenerationModel.Edit ? EditName : GenerateName;
}

public enum Background
{
    Auto,
    Opaque,
    Transparent,
}

public static class Backgrounds
{
    /// <summary>The words every dialect that takes a background may accept (some accept fewer).</summary>
    public static IReadOnlyList<string> Words { get; } = ["auto", "opaque", "transparent"];

    public static bool TryParse(string? text, out Background background)
    {
        switch (text)
        {
            case "auto": background = Background.Auto; return true;
            case "opaque": background = Background.Opaque; return true;
            case "transparent": background = Background.Transparent; return true;
            default: background = default; return false;
        }
    }

    public static string ToWire(this Background background) => background switch
    {
        Background.Opaque => "opaque",
        Background.Transparent => "transparent",
        _ => "auto",
    };
}

/// <summary>One generation or edit, whatever dialect it came from. Dialect adapters produce it; the core judges it.</summary>
public sealed record GenerationRequest
{
    public required GenerationModel Model { get; init; }

    /// <summary>The name the client sent when it was not <see cref="Model"/>'s own: an alias or a dated snapshot.</summary>
    public string? RequestedModel { get; init; }

    public required string Prompt { get; init; }

    public Quality Quality { get; init; } = Quality.Auto;

    /// <summary>Null means <c>auto</c>: the upstream chooses.</summary>
    public ImageSize? Size { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Png;

    public Background Background { get; init; } = Background.Auto;

    public int ImageCount { get; init; } = 1;

    public IReadOnlyList<string> ImageUrls { get; init; } = [];

    /// <summary>Ids of reference images uploaded with the request (read through <see cref="ProviderJob.Inputs"/>); they come before <see cref="ImageUrls"/>.</summary>
    public IReadOnlyList<string> InputImages { get; init; } = [];

    /// <summary>Id of an uploaded mask (PNG with alpha, the first reference's size): transparent pixels mark where to edit.</summary>
    public string? MaskImage { get; init; }

    public string? CallbackUrl { get; init; }

    public long Seed { get; init; }

    public BillingTier Tier => SizeRules.TierOf(Size);

    public int ReferenceCount => InputImages.Count + ImageUrls.Count;

    /// <summary>The seed of the image at <paramref name="index"/>: each image of a task has its own.</summary>
    public long SeedOf(int index) => Seed + index;
}
