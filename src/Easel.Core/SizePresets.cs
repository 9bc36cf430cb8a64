namespace Easel.Core;

/// <summary>The ratio presets of SPEC §2, resolved to exact pixels per resolution.</summary>
public static class SizePresets
{
    private static readonly Dictionary<string, ImageSize[]> Table = new(StringComparer.Ordinal)
    {
        ["1:1"] = [new(1024, 1024), new(2048, 2048), new(2880, 2880)],
        ["2:3"] = [new(832, 1248), new(1664, 2512), new(2352, 3520)],
        ["3:2"] = [new(1248, 832), new(2496, 1664), new(3520, 2352)],
        ["3:4"] = [new(880, 1184), new(1776, 2352), new(2496, 3312)],
        ["4:3"] = [new(1184, 880), new(2352, 1760), new(3312, 2480)],
        ["4:5"] = [new(912, 1136), new(1824, 2288), new(2576, 3216)],
        ["5:4"] = [new(1136, 912), new(2288, 1824), new(3216, 2576)],
        ["9:16"] = [new(768, 1360), new(1536, 2720), new(2160, 3840)],
        ["16:9"] = [new(1360, 768), new(2720, 1536), new(3840, 2160)],
        ["21:9"] = [new(1536, 656), new(3104, 1328), new(3840, 1648)],
    };

    public static IReadOnlyCollection<string> Ratios => Table.Keys;

    public static bool IsRatio(string? text) => text is not null && Table.ContainsKey(text);

    public static bool TryResolve(string ratio, Resolution resolution, out ImageSize size)
    {
        if (Table.TryGetValue(ratio, out var sizes))
        {
            size = sizes[(int)resolution];
            return true;
        }
        size = default;
        return false;
    }

    /// <summary>The preset (ratio and resolution) that resolves to exactly <paramref name="size"/>, if any.</summary>
    public static bool TryFind(ImageSize size, out string ratio, out Resolution resolution)
    {
        foreach (var (name, sizes) in Table)
        {
            var index = Array.IndexOf(sizes, size);
            if (index >= 0)
            {
                (ratio, resolution) = (name, (Resolution)index);
                return true;
            }
        }
        (ratio, resolution) = ("", default);
        return false;
    }
}
