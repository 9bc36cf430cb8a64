using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task Requests_per_minute_allow_a_burst_then_answer_429_with_Retry_After_until_the_allowance_refills()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock);
        var tenant = await CreateTenantAsync(server, new { requests_per_minute = 3 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await GetAccountAsync(tenant)).Status);
        }
        var (status, body, response) = await GetAccountAsync(tenant);

        EnvelopeAssert.Error("over the rate", status, body, 429, "rate_limited", "3 requests per minute");
        Assert.Equal("20", response.Headers.GetValues("Retry-After").Single());
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(429, (await GetAccountAsync(tenant)).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await GetAccountAsync(tenant)).Status);
        Assert.Equal(429, (await GetAccountAsync(tenant)).Status);
    }

    [Fact]
    public async Task A_rate_limited_submit_creates_nothing_and_other_keys_are_not_affected()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock);
        var tenant = await CreateTenantAsync(server, new { requests_per_minute = 1 }, credits: 50);
        var other = await server.CreateTenantAsync(credits: 50);
        await GetAccountAsync(tenant);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit());

        EnvelopeAssert.Error("limited submit", status, body, 429, "rate_limited", "requests per minute");
        await EnvelopeAssert.UntouchedAsync("limited submit", server, tenant.AccountId, 50);
        Assert.Equal(200, (await other.SubmitAsync(Tenant.Submit())).Status);
    }

    [Fact]
    public async Task The_account_default_applies_to_keys_without_their_own_limit_and_a_key_limit_overrides_it()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock);
        var tenant = await server.CreateTenantAsync();
        await Patch(server.Admin, $"/admin/accounts/{tenant.AccountId}", new { requests_per_minute = 2 });
        var own = await EaselServer.PostJsonAsync(server.Admin, $"/admin/accounts/{tenant.AccountId}/keys", new { name = "own", requests_per_minute = 4 });
        using var ownClient = server.NewClient(own.GetProperty("key").GetString());

        var viaDefault = await StatusesAsync(tenant.Client, 3);
        var viaOwn = await StatusesAsync(ownClient, 5);

        Assert.Equal([200, 200, 429], viaDefault);
        Assert.Equal([200, 200, 200, 200, 429], viaOwn);
    }

    [Fact]
    public async Task Unfinished_tasks_per_key_are_capped_and_a_slot_frees_when_one_ends()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "60000"));
        var tenant = await CreateTenantAsync(server, new { max_concurrent_tasks = 2 }, credits: 100);
        var first = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.SubmitOkAsync(Tenant.Submit());

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit());
        EnvelopeAssert.Error("third", status, body, 429, "rate_limited", "2 unfinished tasks");
        Assert.Equal(2, await server.TaskCountAsync(tenant.AccountId));

        await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{first}");
        Assert.Equal(200, (await tenant.SubmitAsync(Tenant.Submit())).Status);
    }

    [Fact]
    public async Task A_daily_spend_limit_refuses_what_would_exceed_it_until_the_next_UTC_day()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock);
        var tenant = await CreateTenantAsync(server, new { daily_spend_limit = 7 }, credits: 100);
        var first = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        await tenant.WaitEndAsync(first);
        var second = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        await tenant.WaitEndAsync(second);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(quality: "medium"));
        EnvelopeAssert.Error("over the spend", status, body, 429, "rate_limited", "daily spend limit of 7 credits");
        Assert.Equal(200, (await tenant.SubmitAsync(Tenant.Submit(quality: "low"))).Status);
        Assert.Equal(429, (await tenant.SubmitAsync(Tenant.Submit(quality: "low"))).Status);

        var now = clock.GetUtcNow();
        clock.Advance(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime);
        Assert.Equal(200, (await tenant.SubmitAsync(Tenant.Submit(quality: "medium"))).Status);
    }

    [Fact]
    public async Task Free_images_are_used_before_credits_given_back_on_failure_and_renewed_each_UTC_day()
    {
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: ("Easel:Sandbox:LatencyMs", "60000"));
        var tenant = await server.CreateTenantAsync(credits: 100);
        await Patch(server.Admin, $"/admin/accounts/{tenant.AccountId}", new { free_images_per_day = 2 });
        Assert.Equal(2, await FreeLeftAsync(tenant));

        var free1 = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        var free2 = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        var paid = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));

        Assert.Equal(0, await FreeLeftAsync(tenant));
        var ledger = (await server.LedgerAsync(tenant.AccountId)).EnumerateArray().ToList();
        Assert.DoesNotContain(ledger, e => e.GetProperty("task_id").GetString() is { } id && (id == free1 || id == free2));
        Assert.Contains(ledger, e => e.GetProperty("task_id").GetString() == paid && e.GetProperty("kind").GetString() == "reserve" && e.GetProperty("amount").GetInt64() == 3);

        await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{free1}");
        Assert.Equal(1, await FreeLeftAsync(tenant));

        var now = clock.GetUtcNow();
        clock.Advance(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime);
        Assert.Equal(2, await FreeLeftAsync(tenant));
        await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{free2}");
        Assert.Equal(2, await FreeLeftAsync(tenant));
    }

    [Fact]
    public async Task A_free_image_that_succeeds_is_not_charged()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 10);
        await Patch(server.Admin, $"/admin/accounts/{tenant.AccountId}", new { free_images_per_day = 1 });

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high"));
        Assert.Equal("finished", (await tenant.WaitEndAsync(taskId)).GetProperty("status").GetString());

        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal((10, 0, 0), (account.GetProperty("balance").GetInt64(), account.GetProperty("reserved").GetInt64(), account.GetProperty("free_images_left_today").GetInt32()));
    }

    [Theory]
    [InlineData("{\"requests_per_minute\":-1}", "requests_per_minute")]
    [InlineData("{\"max_concurrent_tasks\":100001}", "max_concurrent_tasks")]
    [InlineData("{\"daily_spend_limit\":-5}", "daily_spend_limit")]
    [InlineData("{\"requests_per_minute\":\"many\"}", "requests_per_minute")]
    public async Task Bad_limits_are_refused_and_create_no_key(string json, string field)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();

        var (status, body, _) = await EaselServer.SendAsync(server.Admin, HttpMethod.Post, $"/admin/accounts/{tenant.AccountId}/keys", json);

        EnvelopeAssert.Error(json, status, body, 400, "invalid_request_error", field);
        var keys = (await EaselServer.SendAsync(server.Admin, HttpMethod.Get, $"/admin/accounts/{tenant.AccountId}/keys")).Body;
        Assert.Equal(1, keys.GetProperty("keys").GetArrayLength());
    }

    private static async Task<Tenant> CreateTenantAsync(EaselServer server, object limits, long credits = 1000)
    {
        var tenant = await server.CreateTenantAsync(credits);
        await Patch(server.Admin, $"/admin/keys/{tenant.KeyId}", limits);
        return tenant;
    }

    private static async Task Patch(HttpClient client, string path, object body)
    {
        var (status, answer, _) = await EaselServer.SendAsync(client, HttpMethod.Patch, path, JsonSerializer.Serialize(body));
        Assert.True(status == 200, $"PATCH {path} answered {status}: {answer}");
    }

    private static Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAccountAsync(Tenant tenant) =>
        EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/account");

    private static async Task<int> FreeLeftAsync(Tenant tenant) =>
        (await GetAccountAsync(tenant)).Body.GetProperty("data").GetProperty("free_images_left_today").GetInt32();

    private static async Task<int[]> StatusesAsync(HttpClient client, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (await EaselServer.SendAsync(client, HttpMethod.Get, "/api/account")).Status;
        }
        return statuses;
    }
}
