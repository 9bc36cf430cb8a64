namespace Easel.Core;

public enum OutputFormat
{
    Png,
    Jpeg,
    Webp,
}

public static class OutputFormats
{
    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text)
        {
            case "png": format = OutputFormat.Png; return true;
            case "jpeg" or "jpg": format = OutputFormat.Jpeg; return true;
            case "webp": format = OutputFormat.Webp; return true;
            default: format = default; return false;
        }
    }

    public static string ContentType(this OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Webp => "image/webp",
        _ => "image/png",
    };

    public static string Extension(this OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => "jpg",
        OutputFormat.Webp => "webp",
        _ => "png",
    };

    public static string ToWire(this OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => "jpeg",
        OutputFormat.Webp => "webp",
        _ => "png",
    };

    public static bool TryFromExtension(string? extension, out OutputFormat format)
    {
        switch (extension)
        {
            case "png": format = OutputFormat.Png; return true;
            case "jpg": format = OutputFormat.Jpeg; return true;
            case "webp": format = OutputFormat.Webp; return true;
            default: format = default; return false;
        }
    }

    /// <summary>Recognises PNG, JPEG and WebP from their magic bytes.</summary>
    public static OutputFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return OutputFormat.Png;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return OutputFormat.Jpeg;
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return OutputFormat.Webp;
        }
        return null;
    }
}
