using Easel.Client.Tests.Support;
using Easel.Server.Tests.Support;

namespace Easel.Client.Tests;

/// <summary>The admin client against a real Easel: accounts, grants, keys, tasks, channels and the queue.</summary>
public sealed class AdminTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EaselAdminClient Admin(Uri? baseUrl = null, string key = EaselServer.AdminKey) => new(new EaselClientOptions
    {
        BaseUrl = baseUrl ?? fixture.Server.BaseAddress,
        ApiKey = key,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    });

    [Fact]
    public async Task An_account_is_created_granted_listed_and_given_settings()
    {
        using var admin = Admin();
        var created = await admin.CreateAccountAsync("Acme Studio", Ct);
        Assert.StartsWith("acct_", created.Id);
        Assert.Equal(0, created.Balance);

        var granted = await admin.GrantCreditsAsync(created.Id, 250, "launch", cancellationToken: Ct);
        var debited = await admin.GrantCreditsAsync(created.Id, -50, "correction", cancellationToken: Ct);
        var settings = await admin.UpdateAccountAsync(created.Id, new AccountSettings { FreeImagesPerDay = 3, RequestsPerMinute = 20 }, Ct);

        Assert.Equal(250, granted.Balance);
        Assert.Equal(200, debited.Available);
        Assert.Equal((3, 20, (int?)null), (settings.FreeImagesPerDay, settings.RequestsPerMinute, settings.MaxConcurrentTasks));
        var read = await admin.GetAccountAsync(created.Id, Ct);
        Assert.Equal((200, "Acme Studio", 3), (read.Balance, read.Name, read.FreeImagesLeftToday));
        var listed = await admin.ListAccountsAsync(pageSize: 1, Ct).Where(a => a.Id == created.Id).SingleAsync(Ct);
        Assert.Equal(200, listed.Balance);
    }

    [Fact]
    public async Task A_grant_repeated_with_its_idempotency_key_credits_once()
    {
        using var admin = Admin();
        var account = await admin.CreateAccountAsync("Once", Ct);

        await admin.GrantCreditsAsync(account.Id, 40, idempotencyKey: "grant-once-1", cancellationToken: Ct);
        var again = await admin.GrantCreditsAsync(account.Id, 40, idempotencyKey: "grant-once-1", cancellationToken: Ct);

        Assert.Equal(40, again.Balance);
        Assert.Equal(40, (await admin.GetAccountAsync(account.Id, Ct)).Balance);
    }

    [Fact]
    public async Task A_grant_whose_connection_is_reset_after_it_arrived_is_retried_into_one_credit()
    {
        await using var proxy = await FaultyProxy.StartAsync(fixture.Server.BaseAddress,
            (request, before) => request.Path.Value!.EndsWith("/credits", StringComparison.Ordinal) && before == 0 ? Fault.ResetAfterForwarding : Fault.None);
        using var direct = Admin();
        var account = await direct.CreateAccountAsync("Flaky network", Ct);
        using var admin = Admin(proxy.BaseAddress);

        var granted = await admin.GrantCreditsAsync(account.Id, 75, cancellationToken: Ct);

        Assert.Equal(2, proxy.Count($"POST /admin/accounts/{account.Id}/credits"));
        Assert.Equal(75, granted.Balance);
        Assert.Equal(75, (await direct.GetAccountAsync(account.Id, Ct)).Balance);
    }

    [Fact]
    public async Task A_debit_beyond_the_balance_and_an_unknown_account_are_typed_errors()
    {
        using var admin = Admin();
        var account = await admin.CreateAccountAsync("Small", Ct);

        var debit = await Assert.ThrowsAsync<EaselInvalidRequestException>(() => admin.GrantCreditsAsync(account.Id, -5, cancellationToken: Ct));
        await Assert.ThrowsAsync<EaselNotFoundException>(() => admin.GetAccountAsync("acct_missing", Ct));
        using var wrongKey = Admin(key: "sk_admin_wrong");
        await Assert.ThrowsAsync<EaselAuthenticationException>(() => wrongKey.GetQueueAsync(Ct));

        Assert.Equal("amount", debit.Param);
        Assert.Equal(0, (await admin.GetAccountAsync(account.Id, Ct)).Balance);
    }

    [Fact]
    public async Task Keys_made_by_the_operator_work_until_revoked_and_their_tasks_are_listed()
    {
        using var admin = Admin();
        var account = await admin.CreateAccountAsync("Keyed", Ct);
        await admin.GrantCreditsAsync(account.Id, 30, cancellationToken: Ct);
        var key = await admin.CreateKeyAsync(account.Id, new NewApiKey { Name = "ci", Role = ApiKeyRole.Member, RequestsPerMinute = 30 }, Ct);
        using var easel = fixture.ClientFor(key.Secret!);
        var task = await easel.GenerateAsync(new ImageRequest("a copper kettle") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var limited = await admin.SetKeyLimitsAsync(key.Id, new ApiKeyLimits { MaxConcurrentTasks = 2 }, Ct);
        var tasks = await admin.ListTasksAsync(account.Id, ImageTaskState.Succeeded, cancellationToken: Ct).ToListAsync(Ct);
        var revoked = await admin.RevokeKeyAsync(key.Id, Ct);
        var keys = await admin.ListKeysAsync(account.Id, Ct).ToListAsync(Ct);

        Assert.Equal((30, 2), (limited.RequestsPerMinute, limited.MaxConcurrentTasks));
        var listed = Assert.Single(tasks);
        Assert.Equal((task.TaskId, account.Id, 1, 1L), (listed.Id, listed.AccountId, listed.FileCount, listed.Captured));
        Assert.Equal(ImageTaskState.Succeeded, listed.State);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(key.Id, Assert.Single(keys).Id);
        await Assert.ThrowsAsync<EaselAuthenticationException>(() => easel.Account.GetBalanceAsync(Ct));
        Assert.Empty(await admin.ListTasksAsync(account.Id, ImageTaskState.Failed, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Channels_and_the_queue_are_read()
    {
        using var admin = Admin();
        var (easel, _) = await fixture.ClientAsync();
        await easel.GenerateAsync(new ImageRequest("a lighthouse") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var channels = await admin.ListChannelsAsync(Ct);
        var queue = await admin.GetQueueAsync(Ct);

        var sandbox = Assert.Single(channels);
        Assert.Equal(("sandbox", "sandbox", true, "closed"), (sandbox.Name, sandbox.Type, sandbox.Healthy, sandbox.Breaker));
        Assert.Contains("gpt-image-2", sandbox.Models);
        Assert.True(queue.LastHour.Succeeded >= 1, $"{queue}");
    }
}
