namespace Easel.Imaging;

/// <summary>Output encodings the imaging library can produce.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Webp,
}
