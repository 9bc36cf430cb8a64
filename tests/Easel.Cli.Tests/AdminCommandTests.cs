using Easel.Cli.Tests.Support;
using Easel.Server.Tests.Support;

namespace Easel.Cli.Tests;

/// <summary><c>easel admin</c> run as a process with the operator's key.</summary>
public sealed class AdminCommandTests(EaselCli easel) : IClassFixture<EaselCli>
{
    private Dictionary<string, string> AdminEnvironment => new() { ["EASEL_ADMIN_KEY"] = EaselServer.AdminKey, ["EASEL_URL"] = easel.Url };

    [Fact]
    public async Task An_operator_creates_an_account_grants_it_credits_and_gives_it_a_key_that_works()
    {
        var home = EaselCli.NewHome();
        var admin = AdminEnvironment;

        var created = await EaselCli.RunAsync(home, admin, "admin", "accounts", "create", "Acme", "--credits", "300", "--json");
        var accountId = created.Json().GetProperty("id").GetString()!;
        var granted = await EaselCli.RunAsync(home, admin, "admin", "accounts", "grant", accountId, "-100", "--reason", "refund", "--idempotency-key", "g-1", "--json");
        var repeated = await EaselCli.RunAsync(home, admin, "admin", "accounts", "grant", accountId, "-100", "--reason", "refund", "--idempotency-key", "g-1", "--json");
        var key = await EaselCli.RunAsync(home, admin, "admin", "keys", "create", accountId, "--name", "first", "--json");
        var secret = key.Json().GetProperty("key").GetString()!;
        var account = await EaselCli.RunAsync(home, "account", "--url", easel.Url, "--key", secret, "--json");
        var listed = await EaselCli.RunAsync(home, admin, "admin", "accounts", "list", "--limit", "500", "--json");
        var shown = await EaselCli.RunAsync(home, admin, "admin", "accounts", "show", accountId);
        var keys = await EaselCli.RunAsync(home, admin, "admin", "keys", "list", accountId, "--json");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Equal(300, created.Json().GetProperty("balance").GetInt64());
        Assert.Equal((200L, 200L), (granted.Json().GetProperty("balance").GetInt64(), repeated.Json().GetProperty("balance").GetInt64()));
        Assert.Equal("owner", key.Json().GetProperty("role").GetString());
        Assert.Equal((accountId, 200L), (account.Json().GetProperty("account_id").GetString(), account.Json().GetProperty("balance").GetInt64()));
        Assert.Contains(listed.Json().EnumerateArray(), a => a.GetProperty("id").GetString() == accountId && a.GetProperty("name").GetString() == "Acme");
        Assert.Matches(@"balance\s+200", shown.Output);
        Assert.Equal(key.Json().GetProperty("id").GetString(), Assert.Single(keys.Json().EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Tasks_channels_and_the_queue_are_shown_and_a_debit_too_large_changes_nothing()
    {
        var tenant = await easel.TenantAsync(credits: 20);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.WaitEndAsync(taskId);
        var home = EaselCli.NewHome();
        var admin = AdminEnvironment;

        var tasks = await EaselCli.RunAsync(home, admin, "admin", "tasks", "--account", tenant.AccountId, "--status", "succeeded", "--json");
        var channels = await EaselCli.RunAsync(home, admin, "admin", "channels");
        var queue = await EaselCli.RunAsync(home, admin, "admin", "queue", "--json");
        var debit = await EaselCli.RunAsync(home, admin, "admin", "accounts", "grant", tenant.AccountId, "-1000");

        Assert.True(tasks.ExitCode == 0, tasks.Error);
        var task = Assert.Single(tasks.Json().EnumerateArray());
        Assert.Equal((taskId, "succeeded"), (task.GetProperty("id").GetString(), task.GetProperty("state").GetString()));
        Assert.True(channels.ExitCode == 0, channels.Error);
        Assert.Matches(@"sandbox\s+.*sandbox\s+.*closed", channels.Output);
        Assert.True(queue.Json().GetProperty("last_hour").GetProperty("succeeded").GetInt32() >= 1);
        Assert.Equal(2, debit.ExitCode);
        Assert.StartsWith("easel: refused: amount: the debit exceeds", debit.Error, StringComparison.Ordinal);
        Assert.Equal(19, (await easel.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Login_admin_stores_the_admin_key_beside_the_users_key_and_a_wrong_or_missing_admin_key_exits_3_or_2()
    {
        var tenant = await easel.TenantAsync();
        var home = EaselCli.NewHome();

        var noKey = await EaselCli.RunAsync(home, "admin", "queue", "--url", easel.Url);
        var userKey = await EaselCli.RunAsync(home, "admin", "queue", "--url", easel.Url, "--key", tenant.Key);
        var login = await EaselCli.RunAsync(home, "login", "--url", easel.Url, "--key", tenant.Key);
        var adminLogin = await EaselCli.RunAsync(home, "login", "--admin", "--key", EaselServer.AdminKey);
        var queue = await EaselCli.RunAsync(home, "admin", "queue");
        var account = await EaselCli.RunAsync(home, "account", "--json");

        Assert.Equal((2, "easel: no admin key: pass --key, set EASEL_ADMIN_KEY or run easel login --admin\n"), (noKey.ExitCode, noKey.Error));
        Assert.Equal(3, userKey.ExitCode);
        Assert.True(login.ExitCode == 0 && adminLogin.ExitCode == 0, login.Error + adminLogin.Error);
        Assert.Contains("as the operator", adminLogin.Output, StringComparison.Ordinal);
        Assert.True(queue.ExitCode == 0, queue.Error);
        Assert.Contains("last hour", queue.Output, StringComparison.Ordinal);
        Assert.Equal(tenant.AccountId, account.Json().GetProperty("account_id").GetString());
        var configFile = Path.Combine(home, ".config", "easel", "config.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
    }
}
