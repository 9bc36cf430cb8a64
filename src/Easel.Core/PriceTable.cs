namespace Easel.Core;

/// <summary>Credits per image by quality and billing tier (SPEC §3); operator-configurable.</summary>
public sealed class PriceTable
{
    public Dictionary<string, int> Low { get; set; } = new() { ["1K"] = 1, ["2K"] = 2, ["4K"] = 4 };
    public Dictionary<string, int> Medium { get; set; } = new() { ["1K"] = 3, ["2K"] = 6, ["4K"] = 12 };
    public Dictionary<string, int> High { get; set; } = new() { ["1K"] = 12, ["2K"] = 24, ["4K"] = 48 };

    /// <summary>Price of one image; <c>auto</c> is priced as <c>high</c>, the most it can cost.</summary>
    public int PerImage(Quality quality, BillingTier tier)
    {
        var row = quality switch
        {
            Quality.Low => Low,
            Quality.Medium => Medium,
            _ => High,
        };
        return row[tier.ToWire()];
    }

    /// <summary>What to reserve on submit: the most the task can cost.</summary>
    public long Reservation(Quality requested, BillingTier tier, int images) => (long)PerImage(requested, tier) * images;

    /// <summary>What to capture on success: the resolved quality for the images delivered, never above the reservation.</summary>
    public long Capture(Quality resolved, BillingTier tier, int images, long reserved) =>
        Math.Min(reserved, (long)PerImage(resolved, tier) * images);

    /// <summary>How many more images <paramref name="available"/> credits buy at this price; unlimited prices count as <see cref="int.MaxValue"/>.</summary>
    public int ImagesAffordable(long available, Quality quality, BillingTier tier)
    {
        var price = PerImage(quality, tier);
        return price == 0 ? int.MaxValue : (int)Math.Clamp(available / price, 0, int.MaxValue);
    }

    /// <summary>Null when every cell is present and non-negative, otherwise why not.</summary>
    public string? Check()
    {
        foreach (var (name, row) in new[] { ("Low", Low), ("Medium", Medium), ("High", High) })
        {
            foreach (var tier in BillingTiers.All.Select(t => t.ToWire()))
            {
                if (!row.TryGetValue(tier, out var price) || price < 0)
                {
                    return $"Easel:Prices:{name}:{tier} must be a non-negative integer";
                }
            }
        }
        return null;
    }
}
