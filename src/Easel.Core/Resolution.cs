namespace Easel.Core;

/// <summary>The pixel budget a ratio preset resolves within (SPEC §2).</summary>
public enum Resolution
{
    OneK,
    TwoK,
    FourK,
}

public static class Resolutions
{
    public static bool TryParse(string? text, out Resolution resolution)
    {
        switch (text?.ToUpperInvariant())
        {
            case "1K": resolution = Resolution.OneK; return true;
            case "2K": resolution = Resolution.TwoK; return true;
            case "4K": resolution = Resolution.FourK; return true;
            default: resolution = default; return false;
        }
    }

    public static string ToWire(this Resolution resolution) => resolution switch
    {
        Resolution.OneK => "1K",
        Resolution.TwoK => "2K",
        _ => "4K",
    };
}
