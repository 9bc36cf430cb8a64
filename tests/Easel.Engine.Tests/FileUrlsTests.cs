namespace Easel.Engine.Tests;

public sealed class FileUrlsTests
{
    internal static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    /// <summary>HMAC-SHA256 of <c>file_abc.png\n1900000000</c> under <see cref="Key"/>, base64url without padding (computed outside .NET).</summary>
    internal const string KnownSignature = "5hCkkiYbcmSYamgIrQEVdRLi3fBGal6gUwdwEqyhhPU";

    internal static readonly StoredFile File = new(
        new BlobKey("file_abc", OutputFormat.Png), "task_abc", "acct_abc", 0, 1234, 64, 48,
        DateTimeOffset.FromUnixTimeSeconds(1_899_990_000), DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_123), null);

    [Fact]
    public void A_signed_link_names_the_file_its_expiry_in_unix_seconds_and_the_HMAC_of_both()
    {
        var urls = new FileUrls(Key);

        Assert.Equal($"https://easel.example/files/file_abc.png?exp=1900000000&sig={KnownSignature}", urls.Sign("https://easel.example/", File));
        Assert.Equal(urls.Sign("https://easel.example/", File), urls.Sign("https://easel.example", File));
    }

    [Fact]
    public void Only_the_signature_of_that_name_and_expiry_under_that_key_verifies()
    {
        var urls = new FileUrls(Key);

        Assert.True(urls.Verify("file_abc.png", 1_900_000_000, KnownSignature));
        Assert.False(urls.Verify("file_abc.png", 1_900_000_001, KnownSignature));
        Assert.False(urls.Verify("file_abc.jpg", 1_900_000_000, KnownSignature));
        Assert.False(urls.Verify("file_abd.png", 1_900_000_000, KnownSignature));
        Assert.False(urls.Verify("file_abc.png", 1_900_000_000, KnownSignature[..^1]));
        Assert.False(urls.Verify("file_abc.png", 1_900_000_000, "A" + KnownSignature[1..]));
        Assert.False(urls.Verify("file_abc.png", 1_900_000_000, null));
        Assert.False(new FileUrls([.. Key.Reverse()]).Verify("file_abc.png", 1_900_000_000, KnownSignature));
    }
}
