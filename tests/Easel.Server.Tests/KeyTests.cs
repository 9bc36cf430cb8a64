using System.Text;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class KeyTests(AdminServer fixture) : IClassFixture<AdminServer>
{
    private EaselServer Server => fixture.Server;

    [Fact]
    public async Task Test_key_spends_nothing_and_marks_its_tasks()
    {
        var tenant = await Server.CreateTenantAsync(credits: 0, mode: "test");
        Assert.StartsWith("sk_test_", tenant.Key, StringComparison.Ordinal);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high", size: "16:9", resolution: "4K"));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("test").GetBoolean(), $"a test task is not marked test: {done}");
        var account = await Server.AccountAsync(tenant.AccountId);
        Assert.Equal(0, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
        Assert.Empty((await Server.LedgerAsync(tenant.AccountId)).EnumerateArray());
        var (_, tasks, _) = await EaselServer.SendAsync(Server.Admin, HttpMethod.Get, $"/admin/tasks?account={tenant.AccountId}");
        Assert.True(Assert.Single(tasks.GetProperty("tasks").EnumerateArray()).GetProperty("test").GetBoolean());
    }

    [Fact]
    public async Task Live_task_is_not_marked_test()
    {
        var tenant = await Server.CreateTenantAsync(credits: 10);
        var done = await tenant.WaitEndAsync(await tenant.SubmitOkAsync(Tenant.Submit()));
        Assert.False(done.TryGetProperty("test", out var test) && test.GetBoolean(), $"a live task is marked test: {done}");
    }

    [Fact]
    public async Task Keys_of_one_account_share_its_tasks_and_credits()
    {
        var owner = await Server.CreateTenantAsync(credits: 10);
        var second = await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{owner.AccountId}/keys", new { name = "second", role = "member", mode = "live" });
        using var member = Server.NewClient(second.GetProperty("key").GetString());

        var taskId = await owner.SubmitOkAsync(Tenant.Submit());
        var (status, body, _) = await EaselServer.SendAsync(member, HttpMethod.Get, $"/api/generate/status/{taskId}");
        Assert.True(status == 200, $"a sibling key could not read the account's task: {status} {body}");
        (status, body, _) = await EaselServer.SendAsync(member, HttpMethod.Get, "/api/account");
        Assert.True(status == 200, $"account answered {status}: {body}");
        Assert.Equal(owner.AccountId, body.GetProperty("data").GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task Revoking_one_key_leaves_the_accounts_other_keys_working()
    {
        var owner = await Server.CreateTenantAsync(credits: 10);
        var second = await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{owner.AccountId}/keys", new { name = "second" });
        using var other = Server.NewClient(second.GetProperty("key").GetString());

        var (revoked, revokeBody, _) = await EaselServer.SendAsync(Server.Admin, HttpMethod.Delete, $"/admin/keys/{owner.KeyId}");
        Assert.True(revoked == 200, $"revoke answered {revoked}: {revokeBody}");

        var (status, body) = await owner.SubmitAsync(Tenant.Submit());
        EnvelopeAssert.Error("revoked key", status, body, 401, "authentication_error", "revoked");
        var (ok, okBody, _) = await EaselServer.SendAsync(other, HttpMethod.Post, "/api/generate/submit", Tenant.Submit());
        Assert.True(ok == 200, $"the account's other key was refused: {ok} {okBody}");
    }

    [Fact]
    public async Task Secrets_are_stored_only_as_hashes()
    {
        var tenant = await Server.CreateTenantAsync(credits: 10);
        await tenant.SubmitOkAsync(Tenant.Submit());
        var secret = Encoding.UTF8.GetBytes(tenant.Key);
        var random = Encoding.UTF8.GetBytes(tenant.Key["sk_live_".Length..]);
        foreach (var path in Directory.EnumerateFiles(Server.DataDir, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                bytes = copy.ToArray();
            }
            Assert.True(bytes.AsSpan().IndexOf(secret) < 0 && bytes.AsSpan().IndexOf(random) < 0, $"{path} holds the API key in clear");
        }
    }

    [Theory]
    [InlineData("bearer (lower case scheme)", "bearer {0}", 200)]
    [InlineData("key without scheme", "{0}", 401)]
    [InlineData("Basic scheme", "Basic {0}", 401)]
    [InlineData("key with a trailing character", "Bearer {0}x", 401)]
    [InlineData("key upper-cased", "Bearer {1}", 401)]
    public async Task Authorization_header_forms(string what, string format, int expected)
    {
        var tenant = await Server.CreateTenantAsync(credits: 10);
        using var client = Server.NewClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, tenant.Key, tenant.Key.ToUpperInvariant()));
        var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, "/api/account");
        if (expected == 200)
        {
            Assert.True(status == 200, $"[{what}] answered {status}: {body}");
        }
        else
        {
            EnvelopeAssert.Error(what, status, body, 401, "authentication_error", "key");
        }
    }
}
