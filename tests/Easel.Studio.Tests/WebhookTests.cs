namespace Easel.Studio.Tests;

public sealed class WebhookTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task A_task_shows_its_webhook_attempts_and_redelivers_it()
    {
        using var receiver = new ScriptedServer();
        var (tenant, page) = await SignedInAsync(credits: 10);
        var id = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "a paper boat", callbackUrl: receiver.Url()));
        await tenant.WaitStatusAsync(id, "finished");
        await receiver.WaitForAsync(1);

        await GoAsync(page, $"/gallery/{id}", "Task");
        var card = page.Locator("section[aria-label='Webhook deliveries']");
        await Expect(card).ToContainTextAsync("delivered");
        await Expect(card).ToContainTextAsync("HTTP 200");
        await Expect(card).ToContainTextAsync(receiver.Url());
        await card.GetByRole(AriaRole.Button, new() { Name = "Redeliver now" }).ClickAsync();

        var received = await receiver.WaitForAsync(2);
        Assert.Equal(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
        await Expect(card.Locator("tbody tr")).ToHaveCountAsync(2);
        await ShotAsync(page, "task-webhook");

        await GoAsync(page, "/webhooks", "Webhooks");
        var recent = page.Locator("details.delivery", new() { HasText = id });
        await Expect(recent).ToContainTextAsync("delivered");
        await recent.Locator("summary").ClickAsync();
        await Expect(recent.Locator("tbody tr")).ToHaveCountAsync(2);
        await ShotAsync(page, "webhooks-deliveries");
    }

    [Fact]
    public async Task Webhooks_show_the_secret_hidden_until_revealed_and_an_owner_rotates_it()
    {
        var (tenant, page) = await SignedInAsync(credits: 5);
        await GoAsync(page, "/webhooks", "Webhooks");

        var secret = (await GetJsonAsync(tenant.Client, "/api/account/webhook-secret")).GetProperty("secret").GetString()!;
        await Expect(page.Locator("#webhook-secret")).Not.ToHaveTextAsync(secret);
        await page.ClickAsync("text=Reveal");
        await Expect(page.Locator("#webhook-secret")).ToHaveTextAsync(secret);
        await ShotAsync(page, "webhooks");

        await page.ClickAsync("text=Rotate");
        await page.ClickAsync("dialog button[value=yes]");
        await Expect(page.Locator("main")).ToContainTextAsync("The previous secret also signs until");
        var rotated = (await GetJsonAsync(tenant.Client, "/api/account/webhook-secret")).GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, rotated);
    }
}
