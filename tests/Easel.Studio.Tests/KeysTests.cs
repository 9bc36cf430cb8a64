namespace Easel.Studio.Tests;

public sealed class KeysTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task A_created_key_shows_its_secret_once_works_and_is_refused_once_revoked()
    {
        var (tenant, page) = await SignedInAsync(credits: 10);
        await GoAsync(page, "/keys", "API keys");

        await page.FillAsync("#key-name", "ci runner");
        await page.SelectOptionAsync("#key-role", "member");
        await page.SelectOptionAsync("#key-mode", "live");
        await page.ClickAsync("text=Limits (optional)");
        await page.FillAsync("#key-requests_per_minute", "120");
        await page.ClickAsync("#create-key");

        var secret = (await page.Locator("#secret-value").TextContentAsync())!;
        Assert.StartsWith("sk_live_", secret, StringComparison.Ordinal);
        await Expect(page.Locator("#key-list tr", new() { HasText = "ci runner" })).ToContainTextAsync("120 requests/min");
        await ShotAsync(page, "keys");
        await page.ClickAsync("text=Copy secret");
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        using var newKey = Server.NewClient(secret);
        Assert.Equal(200, (await EaselServer.SendAsync(newKey, HttpMethod.Get, "/api/account")).Status);

        await page.ReloadAsync();
        await Expect(page.Locator("#key-list tr", new() { HasText = "ci runner" })).ToBeVisibleAsync();
        await Expect(page.Locator("#new-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("button[aria-label='Revoke ci runner']");
        await page.ClickAsync("dialog button[value=yes]");

        await Expect(page.Locator("#key-list tr", new() { HasText = "ci runner" })).ToContainTextAsync("revoked");
        Assert.Equal(401, (await EaselServer.SendAsync(newKey, HttpMethod.Get, "/api/account")).Status);
    }

    [Fact]
    public async Task Limits_of_a_key_are_changed_from_its_row()
    {
        var (tenant, page) = await SignedInAsync(credits: 10);
        await GoAsync(page, "/keys", "API keys");

        await page.Locator("#key-list tr", new() { HasText = "this key" }).GetByRole(AriaRole.Button, new() { Name = "Limits", Exact = true }).ClickAsync();
        await page.FillAsync("dialog #key-daily_spend_limit", "300");
        await page.ClickAsync("dialog button[value=save]");

        await Expect(page.Locator("#key-list tr", new() { HasText = "this key" })).ToContainTextAsync("300 credits/day");
        var keys = await GetJsonAsync(tenant.Client, "/api/keys");
        Assert.Equal(300, keys.GetProperty("data").GetProperty("keys")[0].GetProperty("daily_spend_limit").GetInt64());
    }

    [Fact]
    public async Task A_member_key_sees_that_it_cannot_manage_keys_and_has_no_create_button()
    {
        var (tenant, page) = await SignedInAsync(credits: 10, role: "member");
        await GoAsync(page, "/keys", "API keys");

        await Expect(page.Locator("#member-notice")).ToContainTextAsync("Your key is a member key");
        await Expect(page.Locator("#create-key")).ToHaveCountAsync(0);
        await Expect(page.Locator("#key-list")).ToHaveCountAsync(0);
        await ShotAsync(page, "keys-member");
    }
}
