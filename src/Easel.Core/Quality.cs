namespace Easel.Core;

public enum Quality
{
    Auto,
    Low,
    Medium,
    High,
}

public static class Qualities
{
    /// <summary>Parses a quality word; YYCode's <c>standard</c>/<c>hd</c> only when <paramref name="allowAliases"/>.</summary>
    public static bool TryParse(string? text, bool allowAliases, out Quality quality)
    {
        switch (text)
        {
            case "auto": quality = Quality.Auto; return true;
            case "low": quality = Quality.Low; return true;
            case "medium": quality = Quality.Medium; return true;
            case "high": quality = Quality.High; return true;
            case "standard" when allowAliases: quality = Quality.Medium; return true;
            case "hd" when allowAliases: quality = Quality.High; return true;
            default: quality = default; return false;
        }
    }

    public static string ToWire(this Quality quality) => quality switch
    {
        Quality.Low => "low",
        Quality.Medium => "medium",
        Quality.High => "high",
        _ => "auto",
    };
}
