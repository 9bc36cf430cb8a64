using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class KeysApiTests
{
    [Fact]
    public async Task An_owner_creates_a_key_that_works_lists_it_without_its_secret_and_revokes_it_at_once()
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync();

        var (status, created, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Post, "/api/keys",
            """{"name":"ci","mode":"test","max_concurrent_tasks":3}""");
        Assert.Equal(200, status);
        var key = created.GetProperty("data");
        Assert.Equal(("member", "test", 3), (key.GetProperty("role").GetString(), key.GetProperty("mode").GetString(), key.GetProperty("max_concurrent_tasks").GetInt32()));
        var secret = key.GetProperty("key").GetString()!;
        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        using var newClient = server.NewClient(secret);
        Assert.Equal(200, (await EaselServer.SendAsync(newClient, HttpMethod.Get, "/api/account")).Status);

        var list = (await EaselServer.SendAsync(owner.Client, HttpMethod.Get, "/api/keys")).Body.GetProperty("data").GetProperty("keys");
        Assert.Equal(2, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), k => Assert.False(k.TryGetProperty("key", out _)));
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);

        var (revoked, body, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Delete, $"/api/keys/{key.GetProperty("id").GetString()}");
        Assert.Equal(200, revoked);
        Assert.NotNull(body.GetProperty("data").GetProperty("revoked_at").GetString());
        Assert.Equal(401, (await EaselServer.SendAsync(newClient, HttpMethod.Get, "/api/account")).Status);
    }

    [Theory]
    [InlineData("GET", "/api/keys", null)]
    [InlineData("POST", "/api/keys", "{\"name\":\"x\"}")]
    [InlineData("PATCH", "/api/keys/{self}", "{\"requests_per_minute\":1}")]
    [InlineData("DELETE", "/api/keys/{self}", null)]
    public async Task A_member_key_gets_403_on_key_management_and_changes_nothing(string method, string path, string? json)
    {
        await using var server = await EaselServer.StartAsync();
        var member = await server.CreateTenantAsync(role: "member");

        var (status, body, _) = await EaselServer.SendAsync(member.Client, new HttpMethod(method), path.Replace("{self}", member.KeyId), json);

        EnvelopeAssert.Error(path, status, body, 403, "permission_error", "owner key");
        var keys = (await EaselServer.SendAsync(server.Admin, HttpMethod.Get, $"/admin/accounts/{member.AccountId}/keys")).Body.GetProperty("keys");
        Assert.Equal(1, keys.GetArrayLength());
        Assert.True(keys[0].GetProperty("revoked_at").ValueKind == JsonValueKind.Null && keys[0].GetProperty("requests_per_minute").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Another_accounts_key_does_not_exist_for_an_owner()
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync();
        var stranger = await server.CreateTenantAsync();

        var (revoke, a, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Delete, $"/api/keys/{stranger.KeyId}");
        var (patch, b, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Patch, $"/api/keys/{stranger.KeyId}", "{\"requests_per_minute\":1}");

        EnvelopeAssert.Error("revoke", revoke, a, 404, "not_found_error", "no such key");
        EnvelopeAssert.Error("patch", patch, b, 404, "not_found_error", "no such key");
        Assert.Equal(200, (await EaselServer.SendAsync(stranger.Client, HttpMethod.Get, "/api/account")).Status);
    }

    [Theory]
    [InlineData("{\"role\":\"admin\"}", "role")]
    [InlineData("{\"mode\":\"sandbox\"}", "mode")]
    [InlineData("{\"daily_spend_limit\":-1}", "daily_spend_limit")]
    [InlineData("[1,2]", "not valid JSON")]
    public async Task Bad_key_requests_are_refused(string json, string fragment)
    {
        await using var server = await EaselServer.StartAsync();
        var owner = await server.CreateTenantAsync();

        var (status, body, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Post, "/api/keys", json);

        Assert.Equal(400, status);
        Assert.Contains(fragment, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await EaselServer.SendAsync(owner.Client, HttpMethod.Get, "/api/keys")).Body.GetProperty("data").GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task Changed_limits_take_effect_at_once_and_0_removes_a_limit()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "60000"));
        var owner = await server.CreateTenantAsync();
        await owner.SubmitOkAsync(Tenant.Submit());

        await EaselServer.SendAsync(owner.Client, HttpMethod.Patch, $"/api/keys/{owner.KeyId}", "{\"max_concurrent_tasks\":1}");
        Assert.Equal(429, (await owner.SubmitAsync(Tenant.Submit())).Status);

        var (status, body, _) = await EaselServer.SendAsync(owner.Client, HttpMethod.Patch, $"/api/keys/{owner.KeyId}", "{\"max_concurrent_tasks\":0}");
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("max_concurrent_tasks").ValueKind);
        Assert.Equal(200, (await owner.SubmitAsync(Tenant.Submit())).Status);
    }
}
