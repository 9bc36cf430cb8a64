using System.Runtime.InteropServices;
using System.Text;

namespace Easel.Imaging;

/// <summary>
/// Minimal binding to the system libvips (<c>libvips.so.42</c>, e.g. Debian's <c>libvips42</c>), loaded lazily.
/// Used for JPEG/WebP encoding and for decoding anything libvips understands. Thread-safe.
/// </summary>
public static unsafe class Vips
{
    private const int FormatUChar = 0; // VIPS_FORMAT_UCHAR
    private const int InterpretationSrgb = 22; // VIPS_INTERPRETATION_sRGB

    private static readonly Lazy<VipsApi?> Api = new(VipsApi.TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when libvips could be loaded and initialised on this machine.</summary>
    public static bool IsAvailable => Api.Value is not null;

    /// <summary>
    /// Encodes with a libvips save suffix such as <c>".jpg[Q=90]"</c>, <c>".webp[Q=90]"</c> or <c>".png"</c>.
    /// Without <paramref name="withAlpha"/> the image is flattened onto white and saved as RGB.
    /// </summary>
    public static byte[] WriteToBuffer(RgbaImage image, string suffix, bool withAlpha)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        var api = Require();
        var bands = withAlpha ? 4 : 3;
        var pixels = image.Pixels;
        if (!withAlpha)
        {
            pixels = new byte[image.Width * image.Height * 3];
            PngWriter.FlattenOnWhite(image.Pixels, pixels);
        }

        var suffixBytes = ToCString(suffix);
        fixed (byte* data = pixels)
        fixed (byte* suffixPtr = suffixBytes)
        {
            var vipsImage = api.NewFromMemory(data, (nuint)pixels.Length, image.Width, image.Height, bands, FormatUChar);
            if (vipsImage == 0)
            {
                throw new InvalidOperationException("vips_image_new_from_memory failed: " + api.TakeError());
            }

            try
            {
                void* buffer = null;
                nuint size = 0;
                if (api.WriteToBuffer(vipsImage, suffixPtr, &buffer, &size, 0) != 0)
                {
                    throw new InvalidOperationException($"libvips could not save '{suffix}': " + api.TakeError());
                }

                try
                {
                    return new ReadOnlySpan<byte>(buffer, checked((int)size)).ToArray();
                }
                finally
                {
                    api.GFree(buffer);
                }
            }
            finally
            {
                api.GObjectUnref(vipsImage);
            }
        }
    }

    /// <summary>Decodes any format libvips can load (PNG, JPEG, WebP, ...) to sRGB RGBA8.</summary>
    /// <exception cref="ImageDecodeException">libvips rejected the data.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> bytes)
    {
        var api = Require();
        byte empty = 0;
        var images = new List<nint>(4);
        try
        {
            fixed (byte* data = bytes)
            {
                var current = api.NewFromBuffer(data, (nuint)bytes.Length, &empty, 0);
                if (current == 0)
                {
                    throw new ImageDecodeException("libvips could not decode the image: " + api.TakeError());
                }

                images.Add(current);
                nint next;
                if (api.Colourspace(current, &next, InterpretationSrgb, 0) == 0)
                {
                    images.Add(current = next);
                }
                else
                {
                    api.TakeError(); // keep the original interpretation
                }

                var bands = api.GetBands(current);
                if (bands == 3)
                {
                    Check(api, api.AddAlpha(current, &next, 0), "vips_addalpha");
                    images.Add(current = next);
                }
                else if (bands != 4)
                {
                    throw new ImageDecodeException($"libvips decoded an image with {bands} bands; expected RGB or RGBA.");
                }

                Check(api, api.CastUChar(current, &next, 0), "vips_cast_uchar");
                images.Add(current = next);

                int width = api.GetWidth(current), height = api.GetHeight(current);
                nuint size = 0;
                var memory = api.WriteToMemory(current, &size);
                if (memory == null)
                {
                    throw new ImageDecodeException("libvips could not decode the image: " + api.TakeError());
                }

                try
                {
                    if ((long)size != (long)width * height * 4)
                    {
                        throw new ImageDecodeException($"libvips returned {size} bytes for a {width}x{height} RGBA image.");
                    }

                    return new RgbaImage(width, height, new ReadOnlySpan<byte>(memory, (int)size).ToArray());
                }
                finally
                {
                    api.GFree(memory);
                }
            }
        }
        finally
        {
            for (var i = images.Count - 1; i >= 0; i--)
            {
                api.GObjectUnref(images[i]);
            }
        }
    }

    private static void Check(VipsApi api, int rc, string operation)
    {
        if (rc != 0)
        {
            throw new ImageDecodeException($"{operation} failed: " + api.TakeError());
        }
    }

    private static VipsApi Require() =>
        Api.Value ?? throw new NotSupportedException("libvips is not installed (apt install libvips42).");

    private static byte[] ToCString(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
