namespace Easel.Core.Tests;

public class PriceTableTests
{
    [Theory]
    [InlineData(Quality.Low, BillingTier.OneK, 1)]
    [InlineData(Quality.Low, BillingTier.TwoK, 2)]
    [InlineData(Quality.Low, BillingTier.FourK, 4)]
    [InlineData(Quality.Medium, BillingTier.OneK, 3)]
    [InlineData(Quality.Medium, BillingTier.TwoK, 6)]
    [InlineData(Quality.Medium, BillingTier.FourK, 12)]
    [InlineData(Quality.High, BillingTier.OneK, 12)]
    [InlineData(Quality.High, BillingTier.TwoK, 24)]
    [InlineData(Quality.High, BillingTier.FourK, 48)]
    public void Default_price_table_matches_the_SPEC(Quality quality, BillingTier tier, int credits)
    {
        Assert.Equal(credits, new PriceTable().PerImage(quality, tier));
    }

    [Theory]
    [InlineData(BillingTier.OneK, 12)]
    [InlineData(BillingTier.TwoK, 24)]
    [InlineData(BillingTier.FourK, 48)]
    public void Auto_quality_is_priced_as_high(BillingTier tier, int credits)
    {
        Assert.Equal(credits, new PriceTable().PerImage(Quality.Auto, tier));
    }

    [Theory]
    [InlineData(Quality.Low, BillingTier.OneK, 1, 1)]
    [InlineData(Quality.Medium, BillingTier.TwoK, 4, 24)]
    [InlineData(Quality.High, BillingTier.FourK, 10, 480)]
    [InlineData(Quality.Auto, BillingTier.OneK, 3, 36)]
    [InlineData(Quality.Auto, BillingTier.FourK, 10, 480)]
    public void Reservation_is_price_times_image_count(Quality quality, BillingTier tier, int images, long expected)
    {
        Assert.Equal(expected, new PriceTable().Reservation(quality, tier, images));
    }

    [Fact]
    public void Reservation_does_not_overflow_int()
    {
        var prices = new PriceTable();
        prices.High["4K"] = int.MaxValue;
        Assert.Equal(10L * int.MaxValue, prices.Reservation(Quality.High, BillingTier.FourK, 10));
    }

    [Fact]
    public void Capture_at_resolved_medium_after_auto_reservation_charges_medium()
    {
        var prices = new PriceTable();
        var reserved = prices.Reservation(Quality.Auto, BillingTier.TwoK, 3);
        Assert.Equal(72, reserved);
        Assert.Equal(18, prices.Capture(Quality.Medium, BillingTier.TwoK, 3, reserved));
    }

    [Fact]
    public void Capture_for_fewer_delivered_images_charges_only_those()
    {
        var prices = new PriceTable();
        Assert.Equal(3, prices.Capture(Quality.Medium, BillingTier.OneK, 1, reserved: 36));
    }

    [Fact]
    public void Capture_is_capped_at_the_reservation()
    {
        var prices = new PriceTable();
        // Reserved at low, upstream reports high: the client pays at most what was reserved.
        Assert.Equal(4, prices.Capture(Quality.High, BillingTier.FourK, 1, reserved: 4));
        Assert.Equal(0, prices.Capture(Quality.High, BillingTier.OneK, 2, reserved: 0));
    }

    [Fact]
    public void Capture_at_any_resolved_quality_never_exceeds_the_auto_reservation()
    {
        var prices = new PriceTable();
        foreach (var tier in Enum.GetValues<BillingTier>())
        {
            for (var images = 1; images <= 10; images++)
            {
                var reserved = prices.Reservation(Quality.Auto, tier, images);
                foreach (var resolved in Enum.GetValues<Quality>())
                {
                    var captured = prices.Capture(resolved, tier, images, reserved);
                    Assert.InRange(captured, 0, reserved);
                }
            }
        }
    }

    [Fact]
    public void Default_price_table_passes_its_check()
    {
        Assert.Null(new PriceTable().Check());
    }

    [Fact]
    public void Zero_price_is_allowed()
    {
        var prices = new PriceTable();
        prices.Low["1K"] = 0;
        Assert.Null(prices.Check());
    }

    [Fact]
    public void Check_reports_a_missing_cell()
    {
        var prices = new PriceTable();
        prices.Medium.Remove("2K");
        var why = prices.Check();
        Assert.NotNull(why);
        Assert.Contains("Medium:2K", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_a_negative_cell()
    {
        var prices = new PriceTable();
        prices.High["4K"] = -1;
        var why = prices.Check();
        Assert.NotNull(why);
        Assert.Contains("High:4K", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_prices_replace_the_defaults()
    {
        var prices = new PriceTable { Low = new() { ["1K"] = 5, ["2K"] = 7, ["4K"] = 9 } };
        Assert.Null(prices.Check());
        Assert.Equal(7, prices.PerImage(Quality.Low, BillingTier.TwoK));
        Assert.Equal(6, prices.PerImage(Quality.Medium, BillingTier.TwoK));
    }

    [Theory]
    [InlineData(97, Quality.Medium, 32)]
    [InlineData(2, Quality.Medium, 0)]
    [InlineData(0, Quality.Low, 0)]
    [InlineData(24, Quality.High, 2)]
    public void ImagesAffordable_is_how_many_whole_images_the_credits_buy(long available, Quality quality, int expected) =>
        Assert.Equal(expected, new PriceTable().ImagesAffordable(available, quality, BillingTier.OneK));

    [Fact]
    public void ImagesAffordable_at_a_free_price_is_unbounded()
    {
        var prices = new PriceTable { Low = new() { ["1K"] = 0, ["2K"] = 0, ["4K"] = 0 } };
        Assert.Equal(int.MaxValue, prices.ImagesAffordable(0, Quality.Low, BillingTier.OneK));
    }
}
