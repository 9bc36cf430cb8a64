using Easel.Client.Tests.Support;
using Easel.Server.Tests.Support;

namespace Easel.Client.Tests;

/// <summary>Models and prices, the ledger, usage per day and the account's webhook deliveries.</summary>
public sealed class UsageTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListModelsAsync_shows_both_models_with_the_price_table()
    {
        var (easel, _) = await fixture.ClientAsync();

        var models = await easel.ListModelsAsync(Ct);

        Assert.Equal([EaselModels.Generate, EaselModels.Edit], models.Select(m => m.Id));
        var edit = models[1];
        Assert.Equal(("edit", 16, true), (edit.Kind, edit.MaxReferenceImages, edit.CustomSizes));
        Assert.Null(models[0].MaxReferenceImages);
        Assert.Equal((1L, 12L, 48L), (edit.CreditsPerImage["low"]["1K"], edit.CreditsPerImage["medium"]["4K"], edit.CreditsPerImage["high"]["4K"]));
        Assert.Contains("16:9", edit.Sizes);
        Assert.Equal(["1K", "2K", "4K"], edit.Resolutions);
    }

    [Fact]
    public async Task The_ledger_pages_through_every_movement_newest_first()
    {
        var (easel, _) = await fixture.ClientAsync(credits: 100);
        var task = await easel.GenerateAsync(new ImageRequest("a coin") { Quality = ImageQuality.Medium }, cancellationToken: Ct);

        var entries = await easel.Account.ListLedgerAsync(pageSize: 1, Ct).ToListAsync(Ct);

        Assert.Equal("grant", entries[^1].Kind);
        Assert.Equal(100, entries[^1].Amount);
        Assert.Contains(entries, e => e.Kind == "reserve" && e.TaskId == task.TaskId);
        Assert.Contains(entries, e => e.Kind == "capture" && e.TaskId == task.TaskId);
        Assert.Equal(entries.Select(e => e.Id).OrderDescending(), entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Usage_counts_today_s_credits_and_images()
    {
        var (easel, _) = await fixture.ClientAsync(credits: 100);
        await easel.GenerateAsync(new ImageRequest("one") { Quality = ImageQuality.Low }, cancellationToken: Ct);
        await easel.GenerateAsync(new ImageRequest("two") { Quality = ImageQuality.Medium }, cancellationToken: Ct);

        var days = await easel.Account.GetUsageAsync(7, Ct);

        Assert.Equal(7, days.Count);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days[^1].Date);
        Assert.Equal((4L, 2), (days[^1].Credits, days[^1].Images));
        Assert.All(days.SkipLast(1), d => Assert.Equal(0, d.Images));
    }

    [Fact]
    public async Task ListDeliveriesAsync_pages_through_the_accounts_webhooks_newest_first()
    {
        using var receiver = new ScriptedServer();
        var (easel, _) = await fixture.ClientAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await easel.GenerateAsync(new ImageRequest($"bell {i}") { Quality = ImageQuality.Low, CallbackUrl = new Uri(receiver.Url()) }, cancellationToken: Ct)).TaskId);
        }

        var deliveries = await easel.Webhooks.ListDeliveriesAsync(pageSize: 2, Ct).ToListAsync(Ct);

        Assert.Equal(Enumerable.Reverse(ids), deliveries.Select(d => d.TaskId));
    }
}
