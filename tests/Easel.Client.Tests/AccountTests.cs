using Easel.Client.Tests.Support;
using Easel.Server.Tests.Support;

namespace Easel.Client.Tests;

/// <summary>The key holder's routes: balance, keys, webhook secret and deliveries.</summary>
public sealed class AccountTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Account_GetAsync_shows_balance_reserved_and_available()
    {
        var (easel, tenant) = await fixture.ClientAsync(credits: 42);

        var account = await easel.Account.GetBalanceAsync(Ct);

        Assert.Equal((tenant.AccountId, 42L, 0L, 42L), (account.AccountId, account.Balance, account.Reserved, account.Available));
    }

    [Fact]
    public async Task Keys_are_created_listed_limited_and_revoked_and_a_revoked_key_stops_working()
    {
        var (easel, tenant) = await fixture.ClientAsync();

        var created = await easel.Keys.CreateAsync(new NewApiKey { Name = "ci", Mode = ApiKeyMode.Test, RequestsPerMinute = 100 }, Ct);
        var listed = await easel.Keys.ListAsync(Ct).ToListAsync(Ct);
        var limited = await easel.Keys.SetLimitsAsync(created.Id, new ApiKeyLimits { RequestsPerMinute = 0, DailySpendLimit = 50 }, Ct);
        using var withNewKey = fixture.ClientFor(created.Secret!);
        var before = await withNewKey.Account.GetBalanceAsync(Ct);
        var revoked = await easel.Keys.RevokeAsync(created.Id, Ct);

        Assert.StartsWith("sk_test_", created.Secret, StringComparison.Ordinal);
        Assert.Equal((ApiKeyRole.Member, ApiKeyMode.Test, 100), (created.Role, created.Mode, created.RequestsPerMinute));
        Assert.Equal(new[] { tenant.KeyId, created.Id }.Order(StringComparer.Ordinal), listed.Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, k => Assert.Null(k.Secret));
        Assert.Equal((null, 50L), (limited.RequestsPerMinute, limited.DailySpendLimit));
        Assert.Equal(tenant.AccountId, before.AccountId);
        Assert.NotNull(revoked.RevokedAt);
        await Assert.ThrowsAsync<EaselAuthenticationException>(() => withNewKey.Account.GetBalanceAsync(Ct));
        await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.Keys.RevokeAsync("key_missing", Ct));
    }

    [Fact]
    public async Task A_test_key_generates_in_the_sandbox_for_free_and_marks_its_tasks()
    {
        var (owner, _) = await fixture.ClientAsync(credits: 3);
        var test = await owner.Keys.CreateAsync(new NewApiKey { Name = "sandbox", Mode = ApiKeyMode.Test }, Ct);
        using var easel = fixture.ClientFor(test.Secret!);

        var task = await easel.GenerateAsync(new ImageRequest("a test card") { Quality = ImageQuality.High }, cancellationToken: Ct);

        Assert.True(task.IsTest);
        Assert.Equal(3, (await owner.Account.GetBalanceAsync(Ct)).Balance);
    }

    [Fact]
    public async Task The_webhook_secret_rotates_and_a_tasks_delivery_verifies_and_redelivers()
    {
        using var receiver = new ScriptedServer();
        var (easel, _) = await fixture.ClientAsync();
        var first = await easel.Webhooks.GetSecretAsync(Ct);
        var rotated = await easel.Webhooks.RotateSecretAsync(Ct);

        var task = await easel.GenerateAsync(new ImageRequest("a bell") { Quality = ImageQuality.Low, CallbackUrl = new Uri(receiver.Url()) }, cancellationToken: Ct);
        var hook = (await receiver.WaitForAsync(1))[0];
        var delivery = await DeliveredAsync(easel, task.TaskId);
        var redelivered = await easel.Webhooks.RedeliverAsync(task.TaskId, Ct);
        await receiver.WaitForAsync(2);

        Assert.StartsWith("whsec_", first.Secret, StringComparison.Ordinal);
        Assert.NotEqual(first.Secret, rotated.Secret);
        Assert.NotNull(rotated.PreviousSecretValidUntil);
        new WebhookVerifier(rotated.Secret).Verify(hook.Body, hook.Headers["webhook-id"], hook.Headers["webhook-timestamp"], hook.Headers["webhook-signature"]);
        Assert.Equal((hook.Headers["webhook-id"], task.TaskId, receiver.Url()), (delivery.WebhookId, delivery.TaskId, delivery.Url));
        Assert.Equal(200, delivery.History[0].StatusCode);
        Assert.Equal(("pending", delivery.WebhookId), (redelivered.State, redelivered.WebhookId));
        Assert.Equal(hook.Headers["webhook-id"], receiver.Received[1].Headers["webhook-id"]);
    }

    private static async Task<WebhookDelivery> DeliveredAsync(EaselClient easel, string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var delivery = await easel.Webhooks.GetDeliveryAsync(taskId, Ct);
            if (delivery.State == "delivered" || DateTime.UtcNow > deadline)
            {
                return delivery;
            }
            await Task.Delay(50, Ct);
        }
    }
}
