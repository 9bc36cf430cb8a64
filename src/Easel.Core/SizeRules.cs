namespace Easel.Core;

/// <summary>Explicit <c>WIDTHxHEIGHT</c> rules and the billing tier rule of SPEC §2.</summary>
public static class SizeRules
{
    public const int Multiple = 16;
    public const int MaxEdge = 3840;
    public const long MinPixels = 655_360;
    public const long MaxPixels = 8_294_400;
    public const int MaxAspect = 3;
    public const long TwoKThresholdPixels = 1_572_864;

    /// <summary>Null when the size is acceptable, otherwise why not.</summary>
    public static string? Check(ImageSize size)
    {
        if (size.Width <= 0 || size.Height <= 0)
        {
            return "width and height must be positive";
        }
        if (size.Width % Multiple != 0 || size.Height % Multiple != 0)
        {
            return $"width and height must be multiples of {Multiple}";
        }
        if (size.LongEdge > MaxEdge)
        {
            return $"the longest edge must be at most {MaxEdge} pixels";
        }
        var shortEdge = Math.Min(size.Width, size.Height);
        if ((long)size.LongEdge > (long)shortEdge * MaxAspect)
        {
            return "the aspect ratio must be between 1:3 and 3:1";
        }
        if (size.Pixels < MinPixels || size.Pixels > MaxPixels)
        {
            return $"the total pixel count must be between {MinPixels:N0} and {MaxPixels:N0}";
        }
        return null;
    }

    /// <summary>The tier a resolved size bills at; <c>auto</c> (null) bills as 1K.</summary>
    public static BillingTier TierOf(ImageSize? size)
    {
        if (size is not { } s)
        {
            return BillingTier.OneK;
        }
        if (s.LongEdge == MaxEdge)
        {
            return BillingTier.FourK;
        }
        return s.Pixels > TwoKThresholdPixels ? BillingTier.TwoK : BillingTier.OneK;
    }
}

public enum BillingTier
{
    OneK,
    TwoK,
    FourK,
}

public static class BillingTiers
{
    public static IReadOnlyList<BillingTier> All { get; } = [BillingTier.OneK, BillingTier.TwoK, BillingTier.FourK];

    public static string ToWire(this BillingTier tier) => tier switch
    {
        BillingTier.OneK => "1K",
        BillingTier.TwoK => "2K",
        _ => "4K",
    };
}
