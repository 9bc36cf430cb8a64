namespace Easel.Core.Tests;

public class QualityTests
{
    [Theory]
    [InlineData("low", false, Quality.Low)]
    [InlineData("medium", false, Quality.Medium)]
    [InlineData("high", false, Quality.High)]
    [InlineData("auto", false, Quality.Auto)]
    [InlineData("low", true, Quality.Low)]
    [InlineData("auto", true, Quality.Auto)]
    [InlineData("standard", true, Quality.Medium)]
    [InlineData("hd", true, Quality.High)]
    public void Quality_word_parses(string text, bool allowAliases, Quality expected)
    {
        Assert.True(Qualities.TryParse(text, allowAliases, out var quality));
        Assert.Equal(expected, quality);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("hd")]
    public void YYCode_aliases_are_rejected_without_allowAliases(string text)
    {
        Assert.False(Qualities.TryParse(text, allowAliases: false, out _));
    }

    [Theory]
    [InlineData("HIGH", true)]
    [InlineData("High", false)]
    [InlineData("ultra", true)]
    [InlineData("", true)]
    [InlineData(" low", true)]
    [InlineData(null, true)]
    [InlineData(null, false)]
    public void Unknown_quality_word_is_rejected(string? text, bool allowAliases)
    {
        Assert.False(Qualities.TryParse(text, allowAliases, out _));
    }

    [Theory]
    [InlineData(Quality.Auto, "auto")]
    [InlineData(Quality.Low, "low")]
    [InlineData(Quality.Medium, "medium")]
    [InlineData(Quality.High, "high")]
    public void Quality_wire_word(Quality quality, string expected)
    {
        Assert.Equal(expected, quality.ToWire());
    }
}
