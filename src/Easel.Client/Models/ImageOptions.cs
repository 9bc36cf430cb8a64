using System.Text.Json.Serialization;

namespace Easel.Client;

/// <summary>How much effort the model spends on an image; it sets the price per image.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageQuality>))]
public enum ImageQuality
{
    /// <summary>The model chooses; credits are reserved at <see cref="High"/> and captured at the quality produced.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>The cheapest and fastest.</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary>The middle tier.</summary>
    [JsonStringEnumMemberName("medium")]
    Medium,

    /// <summary>The most detailed and the most expensive.</summary>
    [JsonStringEnumMemberName("high")]
    High,
}

/// <summary>The pixel budget a ratio preset is resolved at (1K = 1024², 2K = 2048², 4K = 3840×2160).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageResolution>))]
public enum ImageResolution
{
    /// <summary>About one megapixel: 1:1 is 1024x1024.</summary>
    [JsonStringEnumMemberName("1K")]
    OneK,

    /// <summary>About four megapixels: 1:1 is 2048x2048.</summary>
    [JsonStringEnumMemberName("2K")]
    TwoK,

    /// <summary>Up to 3840 pixels on the long edge: 16:9 is 3840x2160.</summary>
    [JsonStringEnumMemberName("4K")]
    FourK,
}

/// <summary>The file format of the output images.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageFormat>))]
public enum ImageFormat
{
    /// <summary>PNG (the default).</summary>
    [JsonStringEnumMemberName("png")]
    Png,

    /// <summary>JPEG.</summary>
    [JsonStringEnumMemberName("jpeg")]
    Jpeg,

    /// <summary>WebP.</summary>
    [JsonStringEnumMemberName("webp")]
    Webp,
}

/// <summary>Whether the output has a background or a transparent one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImageBackground>))]
public enum ImageBackground
{
    /// <summary>The model chooses.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Always a solid background.</summary>
    [JsonStringEnumMemberName("opaque")]
    Opaque,

    /// <summary>A transparent background (PNG and WebP only).</summary>
    [JsonStringEnumMemberName("transparent")]
    Transparent,
}
