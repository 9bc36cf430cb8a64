using System.Text;
using Easel.Providers.Upstream;

namespace Easel.Providers.Tests;

public sealed class Base64JsonReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(65536)]
    public async Task Images_are_decoded_whatever_the_read_sizes_and_escapes_and_the_rest_stays_parseable(int readSize)
    {
        var first = Bytes(1000, seed: 1);
        var second = Bytes(2001, seed: 2);
        var escaped = Convert.ToBase64String(second).Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var json = $$"""{"created" : 1, "data":[{"b64_json":"{{Convert.ToBase64String(first)}}","revised_prompt":"b64_json"},{"b64_json" : "{{escaped}}"}],"quality":"high"}""";

        var reader = new Base64JsonReader(new TrickleStream(Encoding.UTF8.GetBytes(json), readSize), ["b64_json"]);
        var images = new List<byte[]>();
        while (await reader.NextImageAsync(TestContext.Current.CancellationToken) is { } image)
        {
            using var copy = new MemoryStream();
            await image.CopyToAsync(copy, TestContext.Current.CancellationToken);
            images.Add(copy.ToArray());
        }

        Assert.Equal([first, second], images);
        Assert.Equal("""{"created" : 1, "data":[{"b64_json":"","revised_prompt":"b64_json"},{"b64_json" : ""}],"quality":"high"}""", Encoding.UTF8.GetString(reader.Rest.Span));
    }

    [Fact]
    public async Task An_image_left_half_read_is_skipped_and_unpadded_base64_is_accepted()
    {
        var image = Bytes(100_001, seed: 3);
        var json = $$"""{"images":[{"b64":"{{Convert.ToBase64String(image).TrimEnd('=')}}","mimeType":"image/png"}],"status":"succeeded"}""";
        var reader = new Base64JsonReader(new MemoryStream(Encoding.UTF8.GetBytes(json)), ["b64"]);

        var stream = await reader.NextImageAsync(TestContext.Current.CancellationToken);
        var head = new byte[10];
        await stream!.ReadExactlyAsync(head, TestContext.Current.CancellationToken);

        Assert.Equal(image[..10], head);
        Assert.Null(await reader.NextImageAsync(TestContext.Current.CancellationToken));
        Assert.EndsWith("\"mimeType\":\"image/png\"}],\"status\":\"succeeded\"}", Encoding.UTF8.GetString(reader.Rest.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ten_megabyte_image_is_decoded_without_holding_it()
    {
        var image = Bytes(10 * 1024 * 1024, seed: 4);
        var json = Encoding.UTF8.GetBytes($$"""{"data":[{"b64_json":"{{Convert.ToBase64String(image)}}"}]}""");
        var reader = new Base64JsonReader(new MemoryStream(json), ["b64_json"]);
        var ct = TestContext.Current.CancellationToken;

        var stream = (await reader.NextImageAsync(ct))!;
        // The reads below complete synchronously on this thread, so the thread's allocation counter sees all of them.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(image.LongLength, total);
        Assert.True(allocated < 1024 * 1024, $"decoding allocated {allocated} bytes");
    }

    [Fact]
    public async Task A_truncated_image_string_is_an_unreadable_answer()
    {
        var reader = new Base64JsonReader(new MemoryStream("{\"b64_json\":\"iVBORw0KGgo"u8.ToArray()), ["b64_json"]);

        var stream = await reader.NextImageAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidDataException>(() => stream!.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Hands out at most <c>readSize</c> bytes a read, to put chunk edges everywhere.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
