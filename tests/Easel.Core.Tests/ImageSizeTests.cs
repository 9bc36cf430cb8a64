namespace Easel.Core.Tests;

public class ImageSizeTests
{
    [Theory]
    [InlineData("1024x1024", 1024, 1024)]
    [InlineData("1024X768", 1024, 768)]
    [InlineData("3840x2160", 3840, 2160)]
    [InlineData("16x16", 16, 16)]
    public void Well_formed_size_text_parses(string text, int width, int height)
    {
        Assert.True(ImageSize.TryParse(text, out var size));
        Assert.Equal(width, size.Width);
        Assert.Equal(height, size.Height);
    }

    [Theory]
    [InlineData("1024")]
    [InlineData("x1024")]
    [InlineData("1024x")]
    [InlineData("-16x16")]
    [InlineData("16x-16")]
    [InlineData("+16x16")]
    [InlineData("16x16x16")]
    [InlineData(" 16x16")]
    [InlineData("16x16 ")]
    [InlineData("16 x16")]
    [InlineData("abc")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("1024*1024")]
    [InlineData("1024,0x768")]
    [InlineData("99999999999x16")]
    public void Malformed_size_text_is_rejected(string text)
    {
        Assert.False(ImageSize.TryParse(text, out var size));
        Assert.Equal(default, size);
    }

    [Fact]
    public void Null_size_text_is_rejected()
    {
        Assert.False(ImageSize.TryParse(null, out _));
    }

    [Fact]
    public void ToString_is_width_x_height()
    {
        Assert.Equal("1536x1024", new ImageSize(1536, 1024).ToString());
    }

    [Fact]
    public void Pixels_does_not_overflow_int()
    {
        Assert.Equal(10_000_000_000L, new ImageSize(100_000, 100_000).Pixels);
    }

    [Theory]
    [InlineData(1536, 1024, 1536)]
    [InlineData(1024, 1536, 1536)]
    [InlineData(2880, 2880, 2880)]
    public void LongEdge_is_the_larger_edge(int width, int height, int expected)
    {
        Assert.Equal(expected, new ImageSize(width, height).LongEdge);
    }
}
