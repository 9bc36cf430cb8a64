namespace Easel.Studio.Tests;

public sealed class SignInTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task Signing_in_keeps_the_key_in_session_storage_only_and_signing_out_forgets_it()
    {
        var tenant = await Server.CreateTenantAsync(credits: 40);
        var page = await OpenAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in$"));
        await ShotAsync(page, "sign-in");

        await SignInAsync(page, tenant.Key);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/generate$"));
        await Expect(page.Locator("#balance-chip")).ToHaveTextAsync("40 credits available");
        Assert.DoesNotContain(tenant.Key, page.Url, StringComparison.Ordinal);
        Assert.Contains(tenant.Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('easel.session')"), StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.length ? 'something' : null"));

        await page.ClickAsync("text=Sign out");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in$"));
        await Expect(page.Locator(".alert.info")).ToContainTextAsync("the key is forgotten");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
        await page.GotoAsync("/keys");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in$"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_the_keyboard_alone_signs_in()
    {
        var tenant = await Server.CreateTenantAsync(credits: 5);
        var page = await OpenAsync();
        await page.GotoAsync("/sign-in");

        await page.Keyboard.TypeAsync("sk_live_not_a_real_key_at_all_000000000");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("That key was refused");
        await Expect(page.Locator("#key")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.FillAsync("#key", "");
        await page.Keyboard.TypeAsync(tenant.Key);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Generate");
    }

    [Fact]
    public async Task A_revoked_key_signs_the_page_out_with_the_reason()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);

        using var revoke = await Server.Admin.DeleteAsync($"/admin/keys/{tenant.KeyId}");
        Assert.True(revoke.IsSuccessStatusCode);
        await GoAsync(page, "/gallery", heading: null);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in$"));
        await Expect(page.Locator(".alert.info")).ToContainTextAsync("Your key was refused");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
    }
}
