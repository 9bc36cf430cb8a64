namespace Easel.Imaging;

/// <summary>Thrown when image bytes are corrupt, truncated or use an unsupported feature.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
