using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class AdminServer : IAsyncLifetime
{
    public EaselServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await EaselServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

public sealed class AdminApiTests(AdminServer fixture) : IClassFixture<AdminServer>
{
    private EaselServer Server => fixture.Server;

    private Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null) =>
        EaselServer.SendAsync(Server.Admin, method, path, json);

    private async Task<string> NewAccountAsync(string name = "acme")
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/admin/accounts", JsonSerializer.Serialize(new { name }));
        Assert.True(status == 201, $"create account answered {status}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Every_admin_route_refuses_a_missing_tenant_or_wrong_key_and_changes_nothing()
    {
        var tenant = await Server.CreateTenantAsync(credits: 10);
        var accountsBefore = (await Server.Admin.GetStringAsync("/admin/accounts?limit=200")).Length;
        var routes = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, "/admin/accounts", """{"name":"intruder"}"""),
            (HttpMethod.Get, "/admin/accounts", null),
            (HttpMethod.Get, $"/admin/accounts/{tenant.AccountId}", null),
            (HttpMethod.Post, $"/admin/accounts/{tenant.AccountId}/credits", """{"amount":1000,"reason":"steal"}"""),
            (HttpMethod.Get, $"/admin/accounts/{tenant.AccountId}/ledger", null),
            (HttpMethod.Post, $"/admin/accounts/{tenant.AccountId}/keys", """{"name":"backdoor","role":"owner","mode":"live"}"""),
            (HttpMethod.Delete, $"/admin/keys/{tenant.KeyId}", null),
            (HttpMethod.Patch, $"/admin/keys/{tenant.KeyId}", """{"requests_per_minute":1}"""),
            (HttpMethod.Patch, $"/admin/accounts/{tenant.AccountId}", """{"free_images_per_day":1000}"""),
            (HttpMethod.Get, $"/admin/accounts/{tenant.AccountId}/keys", null),
            (HttpMethod.Get, "/admin/tasks", null),
            (HttpMethod.Get, "/admin/channels", null),
            (HttpMethod.Get, "/admin/queue", null),
        };
        var callers = new (string Name, string? Bearer)[]
        {
            ("no key", null),
            ("a tenant's sk_live key", tenant.Key),
            ("a wrong admin key", "sk_admin_wrong_0123456789abcdefghjkmnpq"),
            ("the admin key with a trailing character", EaselServer.AdminKey + "x"),
        };
        foreach (var (who, bearer) in callers)
        {
            using var client = Server.NewClient(bearer);
            foreach (var (method, path, body) in routes)
            {
                var (status, reply, _) = await EaselServer.SendAsync(client, method, path, body);
                EnvelopeAssert.Error($"{method} {path} with {who}", status, reply, 401, "authentication_error", "admin key");
            }
        }

        Assert.Equal(accountsBefore, (await Server.Admin.GetStringAsync("/admin/accounts?limit=200")).Length);
        Assert.Equal(10, (await Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
        Assert.Single((await Server.LedgerAsync(tenant.AccountId)).EnumerateArray());
        await tenant.SubmitOkAsync(Tenant.Submit());
    }

    [Fact]
    public async Task Create_account_is_201_with_id_name_and_zero_balance()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/admin/accounts", """{"name":"  Acme Ltd  "}""");
        Assert.True(status == 201, $"answered {status}: {body}");
        Assert.False(string.IsNullOrEmpty(body.GetProperty("id").GetString()));
        Assert.Equal("Acme Ltd", body.GetProperty("name").GetString());
        Assert.Equal(0, body.GetProperty("balance").GetInt64());
        var shown = await Server.AccountAsync(body.GetProperty("id").GetString()!);
        Assert.Equal("Acme Ltd", shown.GetProperty("name").GetString());
        Assert.Equal(0, shown.GetProperty("reserved").GetInt64());
    }

    [Theory]
    [InlineData("name missing", "{}", "name")]
    [InlineData("name blank", """{"name":"   "}""", "name")]
    [InlineData("name null", """{"name":null}""", "name")]
    [InlineData("name a number", """{"name":5}""", "JSON")]
    [InlineData("malformed JSON", """{"name":""", "JSON")]
    public async Task Create_account_with_a_bad_name_is_400(string what, string json, string message)
    {
        var before = (await Server.Admin.GetStringAsync("/admin/accounts?limit=200")).Length;
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/admin/accounts", json);
        EnvelopeAssert.Error(what, status, body, 400, "invalid_request_error", message);
        Assert.Equal(before, (await Server.Admin.GetStringAsync("/admin/accounts?limit=200")).Length);
    }

    [Fact]
    public async Task Accounts_page_through_with_limit_and_next_cursor()
    {
        await using var server = await EaselServer.StartAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await EaselServer.PostJsonAsync(server.Admin, "/admin/accounts", new { name = $"a{i}" })).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = "/admin/accounts?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var (status, body, _) = await EaselServer.SendAsync(server.Admin, HttpMethod.Get, path);
            Assert.True(status == 200, $"GET {path} answered {status}: {body}");
            var page = body.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
            cursor = body.GetProperty("next_cursor").GetString();
            Assert.True(++pages <= 3, $"more than 3 pages of 2 for 5 accounts: {string.Join(",", seen)}");
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Order(), seen.Order());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=abc")]
    public async Task Bad_account_list_limit_is_400(string query)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/accounts?{query}");
        EnvelopeAssert.Error(query, status, body, 400, "invalid_request_error", "limit");
    }

    [Fact]
    public async Task Unknown_account_is_404_everywhere()
    {
        foreach (var (method, path, json) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, "/admin/accounts/acct_nope", null),
            (HttpMethod.Get, "/admin/accounts/acct_nope/ledger", null),
            (HttpMethod.Post, "/admin/accounts/acct_nope/credits", """{"amount":5,"reason":"x"}"""),
            (HttpMethod.Post, "/admin/accounts/acct_nope/keys", """{"name":"k","role":"owner","mode":"live"}"""),
            (HttpMethod.Get, "/admin/accounts/acct_nope/keys", null),
            (HttpMethod.Patch, "/admin/accounts/acct_nope", """{"free_images_per_day":1}"""),
        })
        {
            var (status, body, _) = await SendAsync(method, path, json);
            EnvelopeAssert.Error($"{method} {path}", status, body, 404, "not_found_error", "account");
        }
    }

    [Theory]
    [InlineData("amount 0", """{"amount":0,"reason":"x"}""", "amount")]
    [InlineData("amount missing", """{"reason":"x"}""", "amount")]
    [InlineData("amount a string", """{"amount":"5"}""", "JSON")]
    [InlineData("amount fractional", """{"amount":1.5}""", "JSON")]
    public async Task Bad_grant_is_400_and_changes_nothing(string what, string json, string message)
    {
        var id = await NewAccountAsync();
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", json);
        EnvelopeAssert.Error(what, status, body, 400, "invalid_request_error", message);
        Assert.Equal(0, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());
        Assert.Empty((await Server.LedgerAsync(id)).EnumerateArray());
    }

    [Fact]
    public async Task Grants_and_debits_are_recorded_with_their_reason()
    {
        var id = await NewAccountAsync();
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", """{"amount":100,"reason":"welcome pack"}""");
        Assert.True(status == 200, $"grant answered {status}: {body}");
        Assert.Equal(100, body.GetProperty("balance").GetInt64());
        (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", """{"amount":-30,"reason":"refund clawback"}""");
        Assert.True(status == 200, $"debit answered {status}: {body}");
        Assert.Equal(70, body.GetProperty("balance").GetInt64());
        Assert.Equal(70, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());

        var ledger = (await Server.LedgerAsync(id)).EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64(), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal(2, ledger.Count);
        Assert.Contains(("grant", 100L, "welcome pack"), ledger);
        Assert.Contains(ledger, e => e.Item2 == -30 && e.Item3 == "refund clawback");
    }

    [Fact]
    public async Task Grant_that_would_overflow_the_balance_is_400_not_500()
    {
        var id = await NewAccountAsync();
        await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{id}/credits", new { amount = 10 });
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", $$"""{"amount":{{long.MaxValue}}}""");
        EnvelopeAssert.Error("grant of long.MaxValue on top of 10", status, body, 400, "invalid_request_error", "amount");
        Assert.Equal(10, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());
        Assert.Single((await Server.LedgerAsync(id)).EnumerateArray());
    }

    [Fact]
    public async Task Debit_beyond_the_free_balance_is_400_and_changes_nothing()
    {
        var id = await NewAccountAsync();
        await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{id}/credits", new { amount = 10 });

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", """{"amount":-11}""");

        EnvelopeAssert.Error("debit of 11 from 10", status, body, 400, "invalid_request_error", "amount");
        Assert.Equal(10, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());
        Assert.Single((await Server.LedgerAsync(id)).EnumerateArray());
    }

    [Theory]
    [InlineData("role admin", """{"name":"k","role":"admin","mode":"live"}""", "role")]
    [InlineData("mode prod", """{"name":"k","role":"owner","mode":"prod"}""", "mode")]
    [InlineData("role Owner (case)", """{"name":"k","role":"Owner","mode":"live"}""", "role")]
    public async Task Bad_key_request_is_400(string what, string json, string message)
    {
        var id = await NewAccountAsync();
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/keys", json);
        EnvelopeAssert.Error(what, status, body, 400, "invalid_request_error", message);
    }

    [Theory]
    [InlineData("live", "owner", "sk_live_")]
    [InlineData("test", "member", "sk_test_")]
    public async Task Created_key_is_shown_once_with_its_prefix(string mode, string role, string start)
    {
        var id = await NewAccountAsync();
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/keys", JsonSerializer.Serialize(new { name = "ci", role, mode }));
        Assert.True(status == 201, $"create key answered {status}: {body}");
        var key = body.GetProperty("key").GetString()!;
        var prefix = body.GetProperty("prefix").GetString()!;
        Assert.StartsWith(start, key, StringComparison.Ordinal);
        Assert.StartsWith(prefix, key, StringComparison.Ordinal);
        Assert.True(prefix.Length > start.Length && prefix.Length < key.Length, $"prefix '{prefix}' should identify but not reveal the key");
        var secret = key[start.Length..];
        Assert.True(secret.Length >= 26, $"the random part '{secret}' is under 128 bits of base32");
        Assert.Matches("^[a-z2-7]+$|^[A-Z2-7]+$|^[0-9a-hjkmnp-tv-z]+$", secret);
        Assert.Equal(role, body.GetProperty("role").GetString());
        Assert.Equal(mode, body.GetProperty("mode").GetString());
        Assert.Equal(id, body.GetProperty("account_id").GetString());

        // The secret is never shown again.
        var keyId = body.GetProperty("id").GetString()!;
        (status, body, _) = await SendAsync(HttpMethod.Delete, $"/admin/keys/{keyId}");
        Assert.True(status == 200, $"revoke answered {status}: {body}");
        Assert.False(body.TryGetProperty("key", out _), $"the revoke answer shows the secret: {body}");
        Assert.DoesNotContain(secret, body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_keys_are_different()
    {
        var id = await NewAccountAsync();
        var a = await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{id}/keys", new { name = "a" });
        var b = await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{id}/keys", new { name = "b" });
        Assert.NotEqual(a.GetProperty("key").GetString(), b.GetProperty("key").GetString());
        Assert.NotEqual(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal("owner", a.GetProperty("role").GetString());
        Assert.Equal("live", a.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Revoke_unknown_key_is_404_and_revoking_twice_is_idempotent()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Delete, "/admin/keys/key_nope");
        EnvelopeAssert.Error("revoke key_nope", status, body, 404, "not_found_error", "key");

        var tenant = await Server.CreateTenantAsync(credits: 0);
        (status, body, _) = await SendAsync(HttpMethod.Delete, $"/admin/keys/{tenant.KeyId}");
        Assert.True(status == 200, $"first revoke answered {status}: {body}");
        var revokedAt = body.GetProperty("revoked_at").GetString();
        Assert.False(string.IsNullOrEmpty(revokedAt), $"no revoked_at: {body}");
        await Task.Delay(1100);
        (status, body, _) = await SendAsync(HttpMethod.Delete, $"/admin/keys/{tenant.KeyId}");
        Assert.True(status == 200, $"second revoke answered {status}: {body}");
        Assert.Equal(revokedAt, body.GetProperty("revoked_at").GetString());
        (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/account");
        EnvelopeAssert.Error("a revoked key on /api/account", status, body, 401, "authentication_error", "revoked");
    }

    [Fact]
    public async Task Admin_task_list_filters_by_account_and_state()
    {
        var x = await Server.CreateTenantAsync(credits: 100);
        var y = await Server.CreateTenantAsync(credits: 100);
        var done = await x.SubmitOkAsync(Tenant.Submit());
        await x.WaitEndAsync(done);
        var other = await y.SubmitOkAsync(Tenant.Submit());
        await y.WaitEndAsync(other);

        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/tasks?account={x.AccountId}");
        Assert.True(status == 200, $"answered {status}: {body}");
        var tasks = body.GetProperty("tasks").EnumerateArray().ToList();
        var only = Assert.Single(tasks);
        Assert.Equal(done, only.GetProperty("id").GetString());
        Assert.Equal(x.AccountId, only.GetProperty("account_id").GetString());
        Assert.Equal("succeeded", only.GetProperty("state").GetString());
        Assert.Equal("unified", only.GetProperty("dialect").GetString());

        (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/tasks?account={x.AccountId}&status=succeeded");
        Assert.True(status == 200, $"answered {status}: {body}");
        Assert.Equal(done, Assert.Single(body.GetProperty("tasks").EnumerateArray()).GetProperty("id").GetString());
        (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/tasks?account={x.AccountId}&status=failed");
        Assert.True(status == 200, $"answered {status}: {body}");
        Assert.Empty(body.GetProperty("tasks").EnumerateArray());

        (status, body, _) = await SendAsync(HttpMethod.Get, "/admin/tasks?status=succeeded&limit=200");
        Assert.True(status == 200, $"answered {status}: {body}");
        var all = body.GetProperty("tasks").EnumerateArray().ToList();
        Assert.All(all, t => Assert.Equal("succeeded", t.GetProperty("state").GetString()));
        Assert.Contains(all, t => t.GetProperty("id").GetString() == done);
        Assert.Contains(all, t => t.GetProperty("id").GetString() == other);
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=finished", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task Bad_admin_task_query_is_400(string query, string message)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/tasks?{query}");
        EnvelopeAssert.Error(query, status, body, 400, "invalid_request_error", message);
    }

    [Fact]
    public async Task Channels_list_the_sandbox()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/admin/channels");
        Assert.True(status == 200, $"answered {status}: {body}");
        var sandbox = Assert.Single(body.EnumerateArray(), c => c.GetProperty("type").GetString() == "sandbox");
        Assert.True(sandbox.GetProperty("healthy").GetBoolean());
        var models = sandbox.GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("gpt-image-2", models);
        Assert.Contains("gpt-image-2-edit", models);
    }

    [Fact]
    public async Task Member_keys_may_generate_and_read_their_tasks()
    {
        var member = await Server.CreateTenantAsync(credits: 20, role: "member");
        var taskId = await member.SubmitOkAsync(Tenant.Submit());
        var done = await member.WaitEndAsync(taskId);
        Assert.Equal("finished", done.GetProperty("status").GetString());

        var (status, body, _) = await EaselServer.SendAsync(member.Client, HttpMethod.Get, "/api/generate/tasks");
        Assert.True(status == 200, $"tasks answered {status}: {body}");
        Assert.Equal(taskId, Assert.Single(body.GetProperty("data").GetProperty("tasks").EnumerateArray()).GetProperty("task_id").GetString());
        (status, body, _) = await EaselServer.SendAsync(member.Client, HttpMethod.Get, "/api/account");
        Assert.True(status == 200, $"account answered {status}: {body}");
        Assert.Equal(19, body.GetProperty("data").GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task The_ledger_pages_oldest_first_without_gaps_or_repeats()
    {
        var id = await NewAccountAsync();
        for (var i = 1; i <= 5; i++)
        {
            await SendAsync(HttpMethod.Post, $"/admin/accounts/{id}/credits", JsonSerializer.Serialize(new { amount = i, reason = $"grant {i}" }));
        }

        var amounts = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/accounts/{id}/ledger?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            amounts.AddRange(body.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("amount").GetInt64()));
            cursor = body.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal([1L, 2, 3, 4, 5], amounts);
        Assert.Equal(3, pages);
        var (bad, error, _) = await SendAsync(HttpMethod.Get, $"/admin/accounts/{id}/ledger?cursor=abc");
        EnvelopeAssert.Error("bad cursor", bad, error, 400, "invalid_request_error", "cursor");
    }

    [Fact]
    public async Task Account_settings_change_what_the_account_shows_and_bad_values_change_nothing()
    {
        var id = await NewAccountAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Patch, $"/admin/accounts/{id}", """{"free_images_per_day":5,"max_concurrent_tasks":4}""");
        Assert.Equal(200, status);
        Assert.Equal((5, 5, 4), (body.GetProperty("free_images_per_day").GetInt32(), body.GetProperty("free_images_left_today").GetInt32(),
            body.GetProperty("max_concurrent_tasks").GetInt32()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("requests_per_minute").ValueKind);

        var (bad, error, _) = await SendAsync(HttpMethod.Patch, $"/admin/accounts/{id}", """{"free_images_per_day":-1}""");
        EnvelopeAssert.Error("negative free images", bad, error, 400, "invalid_request_error", "free_images_per_day");
        Assert.Equal(5, (await Server.AccountAsync(id)).GetProperty("free_images_per_day").GetInt32());
    }

    [Fact]
    public async Task An_accounts_keys_are_listed_with_their_limits_and_never_their_secrets()
    {
        var tenant = await Server.CreateTenantAsync();
        var (_, created, _) = await SendAsync(HttpMethod.Post, $"/admin/accounts/{tenant.AccountId}/keys", """{"name":"batch","role":"member","daily_spend_limit":500}""");

        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/admin/accounts/{tenant.AccountId}/keys");

        Assert.Equal(200, status);
        var batch = body.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "batch");
        Assert.Equal(500, batch.GetProperty("daily_spend_limit").GetInt64());
        Assert.DoesNotContain(created.GetProperty("key").GetString()!, body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Key, body.GetRawText(), StringComparison.Ordinal);
    }
}
