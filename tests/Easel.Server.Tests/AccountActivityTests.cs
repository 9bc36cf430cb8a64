using System.Globalization;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>The account's own ledger, daily usage and webhook deliveries (SPEC §14, §9), for any of its keys.</summary>
public sealed class AccountActivityTests
{
    private static readonly (string, string) PrivateNetworks = ("Easel:Security:AllowPrivateNetworks", "true");

    [Fact]
    public async Task The_ledger_lists_the_accounts_movements_newest_first_page_by_page_for_a_member_key()
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync(credits: 100);
        var member = await MemberOfAsync(server, owner);
        // auto reserves at high (12) and the sandbox makes it at medium (3): a capture and a release.
        var taskId = await owner.SubmitOkAsync(Tenant.Submit(quality: "auto"));
        await owner.WaitStatusAsync(taskId, "finished");
        await EaselServer.PostJsonAsync(server.Admin, $"/admin/accounts/{owner.AccountId}/credits", new { amount = -10, reason = "refund of an overpayment" });
        var stranger = await server.CreateTenantAsync(credits: 7);

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await DataAsync(member.Client, "/api/account/ledger?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            pages.Add(page);
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && pages.Count < 5);

        Assert.Equal([2, 2, 1], pages.Select(p => p.GetProperty("entries").GetArrayLength()));
        var entries = pages.SelectMany(p => p.GetProperty("entries").EnumerateArray()).ToList();
        Assert.Equal(["grant", "release", "capture", "reserve", "grant"], entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal([-10L, 9, 3, 12, 100], entries.Select(e => e.GetProperty("amount").GetInt64()));
        Assert.Equal([null, taskId, taskId, taskId, null], entries.Select(e => e.GetProperty("task_id").GetString()));
        Assert.Equal("refund of an overpayment", entries[0].GetProperty("reason").GetString());
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetInt64()).OrderDescending(), entries.Select(e => e.GetProperty("id").GetInt64()));
        Assert.All(entries, e => Assert.Equal(
            ["id", "task_id", "kind", "amount", "reason", "created_time"], e.EnumerateObject().Select(p => p.Name)));
        Assert.True(DateTimeOffset.TryParseExact(entries[0].GetProperty("created_time").GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        var theirs = (await DataAsync(stranger.Client, "/api/account/ledger")).GetProperty("entries");
        Assert.Equal([7L], theirs.EnumerateArray().Select(e => e.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Usage_counts_today_what_was_captured_and_made_with_the_days_before_empty()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);
        await EaselServer.SendAsync(server.Admin, HttpMethod.Patch, $"/admin/accounts/{tenant.AccountId}", """{"free_images_per_day":1}""");
        var free = await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium"));
        await tenant.WaitStatusAsync(free, "finished");
        await tenant.WaitStatusAsync(await tenant.SubmitOkAsync(Tenant.Submit(quality: "medium")), "finished");
        var stranger = await server.CreateTenantAsync(credits: 100);
        await stranger.WaitStatusAsync(await stranger.SubmitOkAsync(Tenant.Submit(quality: "high")), "finished");

        var days = (await DataAsync(tenant.Client, "/api/account/usage")).GetProperty("days").EnumerateArray().ToList();

        Assert.Equal(30, days.Count);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => today.AddDays(i - 29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), days.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal((3L, 2), (days[^1].GetProperty("credits").GetInt64(), days[^1].GetProperty("images").GetInt32()));
        Assert.All(days[..^1], d => Assert.Equal((0L, 0), (d.GetProperty("credits").GetInt64(), d.GetProperty("images").GetInt32())));
        Assert.Equal(["date", "credits", "images"], days[0].EnumerateObject().Select(p => p.Name));
        var one = (await DataAsync(tenant.Client, "/api/account/usage?days=1")).GetProperty("days");
        Assert.Equal(days[^1].GetRawText(), Assert.Single(one.EnumerateArray()).GetRawText());
        Assert.Equal(366, (await DataAsync(tenant.Client, "/api/account/usage?days=366")).GetProperty("days").GetArrayLength());
        var theirs = (await DataAsync(stranger.Client, "/api/account/usage?days=1")).GetProperty("days")[0];
        Assert.Equal((12L, 1), (theirs.GetProperty("credits").GetInt64(), theirs.GetProperty("images").GetInt32()));
    }

    [Fact]
    public async Task Webhook_deliveries_list_newest_first_with_their_attempts_and_never_another_accounts()
    {
        using var receiver = new ScriptedServer(r => new ScriptedAnswer(r.Path == "/down" ? 503 : 200));
        // Held still, so the failed delivery waits for its retry while the test looks; moved on a second so the two are apart.
        var clock = new ManualClock();
        await using var server = await EaselServer.StartAsync(clock, settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();
        var member = await MemberOfAsync(server, tenant);
        var delivered = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        await WebhookTests.DeliveryAsync(tenant, delivered, "delivered");
        clock.Advance(TimeSpan.FromSeconds(1));
        var retried = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url("/down")));
        await tenant.WaitWebhookAsync(retried, d => d.GetProperty("attempts").GetInt32() == 1);
        await tenant.WaitEndAsync(await tenant.SubmitOkAsync(Tenant.Submit()));
        var stranger = await server.CreateTenantAsync();
        await WebhookTests.DeliveryAsync(stranger, await stranger.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url())), "delivered");

        var first = await DataAsync(member.Client, "/api/account/webhooks?limit=1");
        var cursor = first.GetProperty("next_cursor").GetString();
        Assert.NotNull(cursor);
        var second = await DataAsync(member.Client, $"/api/account/webhooks?limit=1&cursor={cursor}");

        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        var (newest, oldest) = (first.GetProperty("deliveries")[0], second.GetProperty("deliveries")[0]);
        Assert.Equal((retried, "pending", 1), (newest.GetProperty("task_id").GetString(), newest.GetProperty("state").GetString(), newest.GetProperty("attempts").GetInt32()));
        Assert.Equal(503, newest.GetProperty("history")[0].GetProperty("status_code").GetInt32());
        Assert.NotNull(newest.GetProperty("next_attempt_at").GetString());
        Assert.Equal((delivered, "delivered", 1), (oldest.GetProperty("task_id").GetString(), oldest.GetProperty("state").GetString(), oldest.GetProperty("attempts").GetInt32()));
        Assert.Equal(200, oldest.GetProperty("history")[0].GetProperty("status_code").GetInt32());
        var (_, single, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/tasks/{delivered}/webhooks");
        Assert.Equal(single.GetProperty("data").GetRawText(), oldest.GetRawText());
        var all = await DataAsync(tenant.Client, "/api/account/webhooks");
        Assert.Equal([retried, delivered], all.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("task_id").GetString()));
        var theirs = (await DataAsync(stranger.Client, "/api/account/webhooks")).GetProperty("deliveries");
        Assert.DoesNotContain(theirs.EnumerateArray(), d => d.GetProperty("task_id").GetString() is { } id && (id == delivered || id == retried));
        Assert.Single(theirs.EnumerateArray());
    }

    [Theory]
    [InlineData("/api/account/ledger?limit=0", "limit")]
    [InlineData("/api/account/ledger?limit=201", "limit")]
    [InlineData("/api/account/ledger?limit=ten", "limit")]
    [InlineData("/api/account/ledger?cursor=abc", "cursor")]
    [InlineData("/api/account/ledger?cursor=-5", "cursor")]
    [InlineData("/api/account/usage?days=0", "days")]
    [InlineData("/api/account/usage?days=367", "days")]
    [InlineData("/api/account/usage?days=-1", "days")]
    [InlineData("/api/account/usage?days=7.5", "days")]
    [InlineData("/api/account/usage?days=", "days")]
    [InlineData("/api/account/webhooks?limit=0", "limit")]
    [InlineData("/api/account/webhooks?limit=101", "limit")]
    [InlineData("/api/account/webhooks?cursor=not-a-cursor", "cursor")]
    public async Task A_bad_query_is_400_in_the_native_shape(string path, string message)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();

        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, path);

        EnvelopeAssert.Error(path, status, body, 400, "invalid_request_error", message);
    }

    [Theory]
    [InlineData("/api/account/ledger")]
    [InlineData("/api/account/usage")]
    [InlineData("/api/account/webhooks")]
    public async Task Without_a_valid_api_key_each_route_is_401(string path)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();
        await EaselServer.SendAsync(tenant.Client, HttpMethod.Delete, $"/api/keys/{tenant.KeyId}");

        foreach (var (who, client) in new[] { ("no key", server.NewClient()), ("the admin key", server.NewClient(EaselServer.AdminKey)), ("a revoked key", tenant.Client) })
        {
            var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, path);
            EnvelopeAssert.Error($"{path} with {who}", status, body, 401, "authentication_error", "API key");
        }
    }

    private static async Task<Tenant> MemberOfAsync(EaselServer server, Tenant owner)
    {
        var key = await EaselServer.PostJsonAsync(server.Admin, $"/admin/accounts/{owner.AccountId}/keys", new { name = "m", role = "member" });
        var secret = key.GetProperty("key").GetString()!;
        return new Tenant(owner.AccountId, key.GetProperty("id").GetString()!, secret, server.NewClient(secret));
    }

    private static async Task<JsonElement> DataAsync(HttpClient client, string path)
    {
        var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, path);
        Assert.True(status == 200, $"GET {path} answered {status}: {body}");
        Assert.Equal(200, body.GetProperty("code").GetInt32());
        return body.GetProperty("data");
    }
}
