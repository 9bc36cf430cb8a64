namespace Easel.Core.Tests;

public class SizeRulesTests
{
    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(3840, 2160)]
    [InlineData(2160, 3840)]
    [InlineData(1536, 512)] // exactly 3:1, 786,432 pixels
    [InlineData(512, 1536)] // exactly 1:3
    [InlineData(2400, 800)] // exactly 3:1, 1,920,000 pixels
    [InlineData(1008, 1024)]
    [InlineData(3840, 1440)]
    public void Valid_explicit_size_is_accepted(int width, int height)
    {
        Assert.Null(SizeRules.Check(new ImageSize(width, height)));
    }

    [Theory]
    [InlineData(1024, 640)] // 655,360
    [InlineData(640, 1024)]
    public void Explicit_size_with_exactly_the_minimum_pixel_count_is_accepted(int width, int height)
    {
        Assert.Null(SizeRules.Check(new ImageSize(width, height)));
    }

    [Theory]
    [InlineData(3840, 2160)] // 8,294,400
    [InlineData(2880, 2880)] // 8,294,400
    public void Explicit_size_with_exactly_the_maximum_pixel_count_is_accepted(int width, int height)
    {
        Assert.Null(SizeRules.Check(new ImageSize(width, height)));
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(1024, 1000)]
    [InlineData(1000, 1024)]
    [InlineData(1032, 1024)]
    public void Explicit_size_with_edge_not_multiple_of_16_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("multiples of 16", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3856, 1440)] // 5,552,640 pixels, ratio 2.68: only the edge is wrong
    [InlineData(1440, 3856)]
    public void Explicit_size_with_longest_edge_over_3840_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("longest edge", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2400, 784)] // 3.06:1, 1,881,600 pixels
    [InlineData(784, 2400)]
    [InlineData(3840, 1264)] // 3.04:1
    public void Explicit_size_with_aspect_beyond_3_to_1_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("aspect ratio", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(800, 800)] // 640,000
    [InlineData(1024, 624)] // 638,976: one row of 16 under the 1024x640 boundary
    [InlineData(16, 16)]
    public void Explicit_size_with_too_few_pixels_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("total pixel count", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3200, 2624)] // 8,396,800, edges ≤ 3840, ratio 1.22
    [InlineData(2896, 2880)] // 8,340,480: one column of 16 over 2880x2880
    [InlineData(3840, 2176)] // 8,355,840: one row of 16 over 3840x2160
    public void Explicit_size_with_too_many_pixels_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("total pixel count", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1024)]
    [InlineData(1024, 0)]
    [InlineData(-16, 1024)]
    [InlineData(1024, -1024)]
    [InlineData(-1024, -1024)]
    public void Explicit_size_with_zero_or_negative_edge_is_rejected(int width, int height)
    {
        var why = SizeRules.Check(new ImageSize(width, height));
        Assert.NotNull(why);
        Assert.Contains("positive", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_edges_do_not_overflow_into_acceptance()
    {
        Assert.NotNull(SizeRules.Check(new ImageSize(int.MaxValue - 15, int.MaxValue - 15)));
        Assert.NotNull(SizeRules.Check(new ImageSize(1_073_741_824, 16)));
    }

    [Fact]
    public void Auto_size_bills_as_1K()
    {
        Assert.Equal(BillingTier.OneK, SizeRules.TierOf(null));
    }

    [Theory]
    [InlineData(1024, 1024, BillingTier.OneK)]
    [InlineData(1536, 1024, BillingTier.OneK)] // exactly 1,572,864
    [InlineData(1024, 1536, BillingTier.OneK)]
    [InlineData(1536, 1040, BillingTier.TwoK)] // 1,597,440
    [InlineData(2048, 2048, BillingTier.TwoK)]
    [InlineData(2880, 2880, BillingTier.TwoK)] // SPEC: 1:1 at 4K bills as 2K
    [InlineData(3520, 2352, BillingTier.TwoK)]
    [InlineData(3216, 2576, BillingTier.TwoK)]
    [InlineData(3840, 2160, BillingTier.FourK)]
    [InlineData(2160, 3840, BillingTier.FourK)]
    [InlineData(3840, 1648, BillingTier.FourK)]
    [InlineData(3840, 1280, BillingTier.FourK)]
    public void Billing_tier_follows_the_long_edge_then_the_pixel_count(int width, int height, BillingTier expected)
    {
        Assert.Equal(expected, SizeRules.TierOf(new ImageSize(width, height)));
    }

    [Fact]
    public void Request_tier_is_the_tier_of_its_size()
    {
        var auto = new GenerationRequest { Model = GenerationModel.Generate, Prompt = "p" };
        var fourK = auto with { Size = new ImageSize(3840, 2160) };
        Assert.Equal(BillingTier.OneK, auto.Tier);
        Assert.Equal(BillingTier.FourK, fourK.Tier);
    }
}
