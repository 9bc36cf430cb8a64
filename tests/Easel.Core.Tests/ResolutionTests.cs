namespace Easel.Core.Tests;

public class ResolutionTests
{
    [Theory]
    [InlineData("1K", Resolution.OneK)]
    [InlineData("2K", Resolution.TwoK)]
    [InlineData("4K", Resolution.FourK)]
    [InlineData("4k", Resolution.FourK)]
    public void Resolution_word_parses(string text, Resolution expected)
    {
        Assert.True(Resolutions.TryParse(text, out var resolution));
        Assert.Equal(expected, resolution);
    }

    [Theory]
    [InlineData("8K")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_resolution_word_is_rejected(string? text)
    {
        Assert.False(Resolutions.TryParse(text, out _));
    }

    [Theory]
    [InlineData(Resolution.OneK, "1K")]
    [InlineData(Resolution.TwoK, "2K")]
    [InlineData(Resolution.FourK, "4K")]
    public void Resolution_wire_word(Resolution resolution, string expected)
    {
        Assert.Equal(expected, resolution.ToWire());
    }
}
