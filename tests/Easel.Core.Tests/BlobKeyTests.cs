namespace Easel.Core.Tests;

public class BlobKeyTests
{
    [Theory]
    [InlineData("file_abc", OutputFormat.Png, "file_abc.png")]
    [InlineData("file_abc", OutputFormat.Jpeg, "file_abc.jpg")]
    [InlineData("input_x1", OutputFormat.Webp, "input_x1.webp")]
    public void A_key_is_named_by_its_id_and_the_stored_extension_and_parses_back(string id, OutputFormat format, string name)
    {
        var key = new BlobKey(id, format);

        Assert.Equal(name, key.Name);
        Assert.Equal(name, key.ToString());
        Assert.True(BlobKey.TryParse(name, out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("file_abc")]
    [InlineData(".png")]
    [InlineData("file_abc.")]
    [InlineData("file_abc.gif")]
    [InlineData("file_abc.jpeg")]
    [InlineData("file_abc.PNG")]
    public void Anything_else_is_no_key(string? name)
    {
        Assert.False(BlobKey.TryParse(name, out _));
    }

    [Fact]
    public void Only_the_last_dot_separates_the_extension()
    {
        Assert.True(BlobKey.TryParse("a.b.png", out var key));
        Assert.Equal(new BlobKey("a.b", OutputFormat.Png), key);
    }

    [Fact]
    public void A_thumbnail_key_names_its_file_and_keeps_the_id_ending()
    {
        var file = new BlobKey("file_abc12", OutputFormat.Png);

        var thumbnail = file.Thumbnail(OutputFormat.Webp);

        Assert.Equal("thumb_file_abc12.webp", thumbnail.Name);
        Assert.Equal("file_abc12", thumbnail.ThumbnailOf);
        Assert.Null(file.ThumbnailOf);
        Assert.Equal(file.Id[^2..], thumbnail.Id[^2..]);
    }
}
