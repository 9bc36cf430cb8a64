using System.Text;

namespace Easel.Core.Tests;

public class OutputFormatsTests
{
    private static readonly byte[] PngHead = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] JpegHead = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00];
    private static readonly byte[] WebpHead = [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8];

    [Fact]
    public void Sniff_recognises_png_magic()
    {
        Assert.Equal(OutputFormat.Png, OutputFormats.Sniff(PngHead));
    }

    [Fact]
    public void Sniff_recognises_jpeg_magic()
    {
        Assert.Equal(OutputFormat.Jpeg, OutputFormats.Sniff(JpegHead));
    }

    [Fact]
    public void Sniff_recognises_webp_magic()
    {
        Assert.Equal(OutputFormat.Webp, OutputFormats.Sniff(WebpHead));
    }

    [Fact]
    public void Sniff_rejects_gif()
    {
        Assert.Null(OutputFormats.Sniff("GIF89a\x01\x00\x01\x00"u8));
    }

    [Fact]
    public void Sniff_rejects_empty_input()
    {
        Assert.Null(OutputFormats.Sniff([]));
    }

    [Fact]
    public void Sniff_rejects_riff_wave()
    {
        Assert.Null(OutputFormats.Sniff("RIFF\x24\x00\x00\x00WAVEfmt "u8));
    }

    [Fact]
    public void Sniff_rejects_truncated_png_signature()
    {
        Assert.Null(OutputFormats.Sniff(PngHead.AsSpan(0, 7)));
    }

    [Fact]
    public void Sniff_rejects_riff_webp_shorter_than_12_bytes()
    {
        Assert.Null(OutputFormats.Sniff(WebpHead.AsSpan(0, 11)));
    }

    [Fact]
    public void Sniff_rejects_text()
    {
        Assert.Null(OutputFormats.Sniff(Encoding.ASCII.GetBytes("<html><body>not an image</body></html>")));
    }

    [Theory]
    [InlineData("png", OutputFormat.Png)]
    [InlineData("jpeg", OutputFormat.Jpeg)]
    [InlineData("jpg", OutputFormat.Jpeg)]
    [InlineData("webp", OutputFormat.Webp)]
    public void Output_format_word_parses(string text, OutputFormat expected)
    {
        Assert.True(OutputFormats.TryParse(text, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("PNG")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_output_format_is_rejected(string? text)
    {
        Assert.False(OutputFormats.TryParse(text, out _));
    }

    [Theory]
    [InlineData(OutputFormat.Png, "png", "image/png", "png")]
    [InlineData(OutputFormat.Jpeg, "jpg", "image/jpeg", "jpeg")]
    [InlineData(OutputFormat.Webp, "webp", "image/webp", "webp")]
    public void Format_maps_to_extension_content_type_and_wire_word(OutputFormat format, string extension, string contentType, string wire)
    {
        Assert.Equal(extension, format.Extension());
        Assert.Equal(contentType, format.ContentType());
        Assert.Equal(wire, format.ToWire());
    }

    [Theory]
    [InlineData("png", OutputFormat.Png)]
    [InlineData("jpg", OutputFormat.Jpeg)]
    [InlineData("webp", OutputFormat.Webp)]
    public void File_extension_maps_back_to_format(string extension, OutputFormat expected)
    {
        Assert.True(OutputFormats.TryFromExtension(extension, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("exe")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_file_extension_is_rejected(string? extension)
    {
        Assert.False(OutputFormats.TryFromExtension(extension, out _));
    }
}
