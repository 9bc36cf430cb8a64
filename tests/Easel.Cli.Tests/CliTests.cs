using System.Buffers.Binary;
using Easel.Cli.Tests.Support;

namespace Easel.Cli.Tests;

/// <summary>The <c>easel</c> command line run as a process against a real Easel on loopback.</summary>
public sealed class CliTests(EaselCli easel) : IClassFixture<EaselCli>
{
    [Fact]
    public async Task Generate_saves_each_image_as_a_png_of_the_exact_size_asked_and_prints_the_credits_spent()
    {
        var tenant = await easel.TenantAsync(credits: 1000);
        var home = EaselCli.NewHome();
        var output = Path.Combine(home, "out");

        var run = await EaselCli.RunAsync(home, "generate", "a red bicycle", "--ratio", "16:9", "--resolution", "2K", "--quality", "high",
            "-n", "2", "-o", output, "--url", easel.Url, "--key", tenant.Key);

        Assert.True(run.ExitCode == 0, run.Error);
        var files = Directory.GetFiles(output);
        Assert.Equal(2, files.Length);
        Assert.All(files, file =>
        {
            Assert.Equal(".png", Path.GetExtension(file));
            Assert.Equal((2720, 1536), PngSize(file));
        });
        var spent = 1000 - (await easel.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64();
        Assert.True(spent > 0);
        Assert.Contains($"Spent {spent} credits.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_of_generate_status_tasks_and_account_parses_and_agrees()
    {
        var tenant = await easel.TenantAsync(credits: 500);
        var home = EaselCli.NewHome();
        string[] auth = ["--url", easel.Url, "--key", tenant.Key, "--json"];

        var generated = await EaselCli.RunAsync(home, ["generate", "a lighthouse", "-o", Path.Combine(home, "out"), .. auth]);
        var taskId = generated.Json().GetProperty("tasks")[0].GetProperty("task_id").GetString()!;
        var status = await EaselCli.RunAsync(home, ["status", taskId, .. auth]);
        var tasks = await EaselCli.RunAsync(home, ["tasks", "--status", "succeeded", "--limit", "5", .. auth]);
        var account = await EaselCli.RunAsync(home, ["account", .. auth]);

        Assert.True(generated.ExitCode == 0, generated.Error);
        Assert.True(File.Exists(generated.Json().GetProperty("files")[0].GetString()));
        Assert.Equal(("finished", taskId), (status.Json().GetProperty("status").GetString(), status.Json().GetProperty("task_id").GetString()));
        Assert.Equal([taskId], tasks.Json().EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));
        Assert.Equal(tenant.AccountId, account.Json().GetProperty("account_id").GetString());
        Assert.Equal(500 - generated.Json().GetProperty("credits").GetInt64(), account.Json().GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_bad_key_exits_3_with_one_plain_line_and_an_unknown_task_exits_5()
    {
        var tenant = await easel.TenantAsync();
        var home = EaselCli.NewHome();

        var badKey = await EaselCli.RunAsync(home, "account", "--url", easel.Url, "--key", "sk_live_not_a_real_key_0123456789");
        var missing = await EaselCli.RunAsync(home, "status", "tsk_missing", "--url", easel.Url, "--key", tenant.Key);
        var noKey = await EaselCli.RunAsync(home, "account", "--url", easel.Url);
        var usage = await EaselCli.RunAsync(home, "generate", "--url", easel.Url);

        Assert.Equal(3, badKey.ExitCode);
        var line = Assert.Single(badKey.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("easel: the key was refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.Equal(5, missing.ExitCode);
        Assert.StartsWith("easel: not found", missing.Error, StringComparison.Ordinal);
        Assert.Equal((2, "easel: no API key: pass --key, set EASEL_KEY or run easel login\n"), (noKey.ExitCode, noKey.Error));
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Login_stores_the_url_and_key_readable_by_the_owner_alone_and_later_commands_use_them()
    {
        var tenant = await easel.TenantAsync(credits: 77);
        var home = EaselCli.NewHome();

        var refused = await EaselCli.RunAsync(home, "login", "--url", easel.Url, "--key", "sk_live_not_a_real_key_0123456789");
        var configFile = Path.Combine(home, ".config", "easel", "config.json");
        var existedAfterRefusal = File.Exists(configFile);
        var login = await EaselCli.RunAsync(home, "login", "--url", easel.Url, "--key", tenant.Key);
        var account = await EaselCli.RunAsync(home, "account", "--json");

        Assert.Equal(3, refused.ExitCode);
        Assert.False(existedAfterRefusal);
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
        Assert.Contains(tenant.Key, await File.ReadAllTextAsync(configFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(account.ExitCode == 0, account.Error);
        Assert.Equal((tenant.AccountId, 77L), (account.Json().GetProperty("account_id").GetString(), account.Json().GetProperty("balance").GetInt64()));
    }

    [Fact]
    public async Task Keys_are_created_listed_and_revoked_and_a_revoked_key_then_exits_3()
    {
        var tenant = await easel.TenantAsync();
        var home = EaselCli.NewHome();
        string[] owner = ["--url", easel.Url, "--key", tenant.Key, "--json"];

        var created = await EaselCli.RunAsync(home, ["keys", "create", "--name", "ci", "--mode", "test", "--rpm", "100", .. owner]);
        var keyId = created.Json().GetProperty("id").GetString()!;
        var secret = created.Json().GetProperty("key").GetString()!;
        var listed = await EaselCli.RunAsync(home, ["keys", "list", .. owner]);
        var revoked = await EaselCli.RunAsync(home, ["keys", "revoke", keyId, .. owner]);
        var withRevoked = await EaselCli.RunAsync(home, "account", "--url", easel.Url, "--key", secret);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        Assert.Equal(100, created.Json().GetProperty("requests_per_minute").GetInt32());
        Assert.Equal(new[] { keyId, tenant.KeyId }.Order(StringComparer.Ordinal),
            listed.Json().EnumerateArray().Select(k => k.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.True(revoked.Json().TryGetProperty("revoked_at", out _));
        Assert.Equal(3, withRevoked.ExitCode);
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        Assert.True(header[..8].SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        return (BinaryPrimitives.ReadInt32BigEndian(header[16..20]), BinaryPrimitives.ReadInt32BigEndian(header[20..24]));
    }
}
