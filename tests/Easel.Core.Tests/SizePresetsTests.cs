namespace Easel.Core.Tests;

public class SizePresetsTests
{
    [Theory]
    [InlineData("1:1", "1K", 1024, 1024)]
    [InlineData("1:1", "2K", 2048, 2048)]
    [InlineData("1:1", "4K", 2880, 2880)]
    [InlineData("2:3", "1K", 832, 1248)]
    [InlineData("2:3", "2K", 1664, 2512)]
    [InlineData("2:3", "4K", 2352, 3520)]
    [InlineData("3:2", "1K", 1248, 832)]
    [InlineData("3:2", "2K", 2496, 1664)]
    [InlineData("3:2", "4K", 3520, 2352)]
    [InlineData("3:4", "1K", 880, 1184)]
    [InlineData("3:4", "2K", 1776, 2352)]
    [InlineData("3:4", "4K", 2496, 3312)]
    [InlineData("4:3", "1K", 1184, 880)]
    [InlineData("4:3", "2K", 2352, 1760)]
    [InlineData("4:3", "4K", 3312, 2480)]
    [InlineData("4:5", "1K", 912, 1136)]
    [InlineData("4:5", "2K", 1824, 2288)]
    [InlineData("4:5", "4K", 2576, 3216)]
    [InlineData("5:4", "1K", 1136, 912)]
    [InlineData("5:4", "2K", 2288, 1824)]
    [InlineData("5:4", "4K", 3216, 2576)]
    [InlineData("9:16", "1K", 768, 1360)]
    [InlineData("9:16", "2K", 1536, 2720)]
    [InlineData("9:16", "4K", 2160, 3840)]
    [InlineData("16:9", "1K", 1360, 768)]
    [InlineData("16:9", "2K", 2720, 1536)]
    [InlineData("16:9", "4K", 3840, 2160)]
    [InlineData("21:9", "1K", 1536, 656)]
    [InlineData("21:9", "2K", 3104, 1328)]
    [InlineData("21:9", "4K", 3840, 1648)]
    public void Ratio_preset_resolves_to_the_exact_size_of_the_SPEC_table(string ratio, string resolution, int width, int height)
    {
        Assert.True(SizePresets.TryResolve(ratio, TestResolutions.Of(resolution), out var size));
        Assert.Equal(new ImageSize(width, height), size);
    }

    [Fact]
    public void Ratio_preset_16_9_at_2K_resolves_to_2720x1536()
    {
        Assert.True(SizePresets.TryResolve("16:9", Resolution.TwoK, out var size));
        Assert.Equal(2720, size.Width);
        Assert.Equal(1536, size.Height);
    }

    [Fact]
    public void Ratios_are_exactly_the_ten_of_the_SPEC()
    {
        string[] expected = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), SizePresets.Ratios.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("7:5")]
    [InlineData("1:2")]
    [InlineData("")]
    [InlineData("16x9")]
    [InlineData("16:09")]
    [InlineData(" 16:9")]
    [InlineData("9:21")]
    [InlineData("auto")]
    public void Unknown_ratio_does_not_resolve(string ratio)
    {
        Assert.False(SizePresets.TryResolve(ratio, Resolution.OneK, out var size));
        Assert.Equal(default, size);
        Assert.False(SizePresets.IsRatio(ratio));
    }

    [Fact]
    public void IsRatio_recognises_presets_and_rejects_null()
    {
        Assert.True(SizePresets.IsRatio("21:9"));
        Assert.True(SizePresets.IsRatio("1:1"));
        Assert.False(SizePresets.IsRatio(null));
    }

    public static TheoryData<string, Resolution> AllPresets()
    {
        var data = new TheoryData<string, Resolution>();
        foreach (var ratio in SizePresets.Ratios)
        {
            foreach (var resolution in Enum.GetValues<Resolution>())
            {
                data.Add(ratio, resolution);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Every_preset_has_edges_that_are_multiples_of_16(string ratio, Resolution resolution)
    {
        Assert.True(SizePresets.TryResolve(ratio, resolution, out var size));
        Assert.Equal(0, size.Width % 16);
        Assert.Equal(0, size.Height % 16);
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Every_preset_fits_its_resolution_pixel_budget(string ratio, Resolution resolution)
    {
        Assert.True(SizePresets.TryResolve(ratio, resolution, out var size));
        Assert.InRange(size.Pixels, 1, TestResolutions.Budget(resolution));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Every_preset_has_no_edge_over_3840(string ratio, Resolution resolution)
    {
        Assert.True(SizePresets.TryResolve(ratio, resolution, out var size));
        Assert.InRange(size.Width, 16, 3840);
        Assert.InRange(size.Height, 16, 3840);
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Every_preset_passes_the_explicit_size_rules(string ratio, Resolution resolution)
    {
        Assert.True(SizePresets.TryResolve(ratio, resolution, out var size));
        Assert.Null(SizeRules.Check(size));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void Every_preset_is_within_2_percent_of_its_nominal_ratio(string ratio, Resolution resolution)
    {
        Assert.True(SizePresets.TryResolve(ratio, resolution, out var size));
        var parts = ratio.Split(':');
        var nominal = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)
            / double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var actual = (double)size.Width / size.Height;
        Assert.InRange(actual / nominal, 0.98, 1.02);
    }

    [Theory]
    [InlineData("1:1")]
    [InlineData("16:9")]
    [InlineData("21:9")]
    public void Higher_resolution_gives_strictly_more_pixels(string ratio)
    {
        Assert.True(SizePresets.TryResolve(ratio, Resolution.OneK, out var oneK));
        Assert.True(SizePresets.TryResolve(ratio, Resolution.TwoK, out var twoK));
        Assert.True(SizePresets.TryResolve(ratio, Resolution.FourK, out var fourK));
        Assert.True(oneK.Pixels < twoK.Pixels, $"{oneK} vs {twoK}");
        Assert.True(twoK.Pixels < fourK.Pixels, $"{twoK} vs {fourK}");
    }
}
