using System.CommandLine;
using Easel.Client;

namespace Easel.Cli;

/// <summary>The options <c>generate</c> and <c>edit</c> share.</summary>
internal sealed class ImageOptions
{
    public Option<string?> Ratio { get; } = new("--ratio") { Description = "aspect ratio such as 1:1, 16:9, 9:16, or a size WxH; auto by default" };

    public Option<string?> Resolution { get; } = new Option<string?>("--resolution") { Description = "1K, 2K or 4K (with --ratio)" }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "1K", "2K", "4K");

    public Option<string?> Quality { get; } = new Option<string?>("--quality") { Description = "auto, low, medium or high" }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "auto", "low", "medium", "high");

    public Option<string?> Format { get; } = new Option<string?>("--format") { Description = "png (default), jpeg or webp" }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "png", "jpeg", "webp");

    public Option<string?> Model { get; } = new("--model") { Description = "the model (gpt-image-2 or gpt-image-2-edit, chosen for you)" };

    public Option<int> Count { get; } = new("-n") { Description = "how many images, 1 to 10 (one task each)", DefaultValueFactory = _ => 1 };

    public Option<DirectoryInfo> Output { get; } = TaskCommands.OutputFolder();

    public ImageOptions() =>
        Count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10)
            {
                r.AddError("-n must be between 1 and 10");
            }
        });

    public void AddTo(Command command)
    {
        command.Add(Ratio);
        command.Add(Resolution);
        command.Add(Quality);
        command.Add(Format);
        command.Add(Model);
        command.Add(Count);
        command.Add(Output);
    }

    public ImageRequest Apply(ParseResult parsed, ImageRequest request) => new(request.Prompt)
    {
        Images = request.Images,
        Mask = request.Mask,
        Size = parsed.GetValue(Ratio),
        Model = parsed.GetValue(Model),
        Resolution = parsed.GetValue(Resolution)?.ToUpperInvariant() switch
        {
            "1K" => ImageResolution.OneK,
            "2K" => ImageResolution.TwoK,
            "4K" => ImageResolution.FourK,
            _ => null,
        },
        Quality = parsed.GetValue(Quality) is { } quality ? Enum.Parse<ImageQuality>(quality, ignoreCase: true) : null,
        OutputFormat = parsed.GetValue(Format) is { } format ? Enum.Parse<ImageFormat>(format, ignoreCase: true) : null,
    };
}
