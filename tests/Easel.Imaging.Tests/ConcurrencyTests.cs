using Easel.Core;

namespace Easel.Imaging.Tests;

/// <summary>The process-wide libvips is used from many threads at once (a test host once crashed doing this through a hand-made binding).</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Many_threads_decode_encode_and_thumbnail_at_once_with_identical_results()
    {
        var source = SandboxRenderer.Render("in parallel", 7, 300, 200);
        var png = ImageEncoder.Encode(source, OutputFormat.Png, transparentBackground: true);
        var expected = new Dictionary<OutputFormat, byte[]>
        {
            [OutputFormat.Png] = png,
            [OutputFormat.Jpeg] = ImageEncoder.Encode(source, OutputFormat.Jpeg, false),
            [OutputFormat.Webp] = ImageEncoder.Encode(source, OutputFormat.Webp, true),
        };
        var thumbnail = Thumbnails.Make(png);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 240, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var format = (OutputFormat)(i % 3);
            var decoded = ImageEncoder.Decode(png);
            if (!decoded.Pixels.AsSpan().SequenceEqual(source.Pixels))
            {
                failures.Add($"{i}: decode differs");
            }
            if (!ImageEncoder.Encode(decoded, format, transparentBackground: format != OutputFormat.Jpeg).AsSpan().SequenceEqual(expected[format]))
            {
                failures.Add($"{i}: {format} encoding differs");
            }
            if (!Thumbnails.Make(png).AsSpan().SequenceEqual(thumbnail))
            {
                failures.Add($"{i}: thumbnail differs");
            }
        });

        Assert.Empty(failures);
    }
}
