using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Easel.Core;
using Easel.Server.Tests.Support;
using Easel.Store;
using Easel.TestServers;
using Microsoft.Data.Sqlite;

namespace Easel.Server.Tests;

/// <summary>
/// <c>move-up</c>: an embedded install (SQLite and files under its data folder) copied into PostgreSQL and an S3 bucket,
/// then served by cluster nodes as if it had always lived there.
/// </summary>
public sealed class MoveUpTests
{
    private const string FirstTaskKey = "first-task";
    private const string GrantKey = "top-up-1";

    [Fact]
    public async Task A_moved_up_install_answers_the_same_on_a_cluster_node_and_goes_on_working()
    {
        var dataDir = NewDataDir();
        try
        {
            var install = await BuildInstallAsync(dataDir);

            await using var cluster = await EaselCluster.CreateAsync();
            var run = await EaselCommand.RunAsync(["move-up", "--from", dataDir], cluster.Settings);
            Assert.True(run.ExitCode == 0, $"move-up failed ({run.ExitCode}): {run.Error}{run.Output}");
            Assert.Matches($@"ledger\s+{install.LedgerIds.Count}\n", run.Output);
            Assert.Matches(@"accounts\s+1\n", run.Output);
            // Four tasks' outputs, their thumbnails and one upload: all still live.
            var blobs = Directory.GetFiles(Path.Combine(dataDir, "files"), "*", SearchOption.AllDirectories);
            Assert.Equal(9, blobs.Length);
            Assert.Contains($"Files copied: 9 objects, {blobs.Sum(path => new FileInfo(path).Length)} bytes", run.Output);
            Assert.DoesNotContain(install.Tenant.Key, run.Output + run.Error);
            Assert.DoesNotContain("sig=", run.Output + run.Error);

            var api = await cluster.StartNodeAsync(["api"]);
            using var admin = EaselCluster.Client(api, EaselServer.AdminKey);
            using var owner = EaselCluster.Client(api, install.Tenant.Key);
            var after = await SnapshotAsync(admin, owner, install.Tenant.AccountId, install.CallbackTask);
            Assert.Equal(install.Before.Keys.Order(), after.Keys.Order());
            foreach (var (path, body) in install.Before)
            {
                Assert.Equal(body, after[path]);
            }
            foreach (var (url, bytes) in install.Files)
            {
                using var download = await owner.GetAsync(url);
                Assert.True(download.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)download.StatusCode}");
                Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            }
            Assert.Equal(install.Upload.Bytes, await ReadBucketAsync(cluster, install.Upload.Key));
            var listed = JsonDocument.Parse(after["/api/generate/tasks?limit=100"]).RootElement.GetProperty("data").GetProperty("tasks");
            foreach (var file in listed.EnumerateArray().SelectMany(t => t.GetProperty("files").EnumerateArray()))
            {
                var thumbnail = file.GetProperty("thumbnail_url").GetString()!.Replace(BaseToken, "", StringComparison.Ordinal);
                using var download = await owner.GetAsync(thumbnail);
                Assert.True(download.StatusCode == HttpStatusCode.OK, $"a thumbnail answered {(int)download.StatusCode} on the cluster");
            }

            // The idempotency rows came along: both first answers are replayed, nothing new is made.
            var tenant = install.Tenant with { Client = owner };
            var (replayed, replay) = await tenant.SubmitAsync(FirstTaskSubmit, ("Idempotency-Key", FirstTaskKey));
            Assert.Equal(200, replayed);
            Assert.Equal(install.FirstTask, replay.GetProperty("data").GetProperty("task_id").GetString());
            Assert.Equal(install.GrantAnswer, await GrantAsync(admin, install.Tenant.AccountId));

            // A worker runs the task left queued and a new one; the new ledger rows continue the copied ids.
            await cluster.StartNodeAsync(["worker"]);
            Assert.Equal("finished", (await tenant.WaitEndAsync(install.QueuedTask)).GetProperty("status").GetString());
            var fresh = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "the first task on the cluster"));
            var done = await tenant.WaitEndAsync(fresh);
            Assert.Equal("finished", done.GetProperty("status").GetString());
            using (var download = await owner.GetAsync(done.GetProperty("files")[0].GetProperty("file_url").GetString()))
            {
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            }
            var ledger = Entries(await admin.GetStringAsync($"/admin/accounts/{install.Tenant.AccountId}/ledger?limit=200"));
            var added = ledger.Where(e => !install.LedgerIds.Contains(e.Id)).ToList();
            Assert.Equal(3, added.Count); // the queued task's capture (it reserved before the move), the new task's reserve and capture
            Assert.All(added, e => Assert.True(e.Id > install.LedgerIds.Max(), $"ledger id {e.Id} does not follow the copied ones"));
            var account = JsonDocument.Parse(await admin.GetStringAsync($"/admin/accounts/{install.Tenant.AccountId}")).RootElement;
            Assert.Equal(install.Balance - 2, account.GetProperty("balance").GetInt64());
            Assert.Equal(0, account.GetProperty("reserved").GetInt64());
        }
        finally
        {
            DeleteFolder(dataDir);
        }
    }

    [Fact]
    public async Task Move_up_refuses_a_running_node_a_target_with_data_a_folder_without_a_database_and_a_target_that_is_not_postgres()
    {
        var dataDir = NewDataDir();
        var empty = NewDataDir();
        Directory.CreateDirectory(empty);
        try
        {
            await using var cluster = await EaselCluster.CreateAsync();
            var source = await EaselServer.StartAsync(dataDir: dataDir);
            var tenant = await source.CreateTenantAsync(credits: 10);

            var running = await EaselCommand.RunAsync(["move-up", "--from", dataDir], cluster.Settings);
            Assert.Equal(1, running.ExitCode);
            Assert.Contains("in use", running.Error, StringComparison.Ordinal);
            await StopAsync(source);

            var node = await cluster.StartNodeAsync(["api"]);
            var other = await EaselCluster.CreateTenantAsync(node, credits: 5);
            using var admin = EaselCluster.Client(node, EaselServer.AdminKey);
            var accounts = await admin.GetStringAsync("/admin/accounts");
            var ledger = await admin.GetStringAsync($"/admin/accounts/{other.AccountId}/ledger");
            var occupied = await EaselCommand.RunAsync(["move-up", "--from", dataDir], cluster.Settings);
            Assert.Equal(1, occupied.ExitCode);
            Assert.Contains("already holds data", occupied.Error, StringComparison.Ordinal);
            Assert.Equal(accounts, await admin.GetStringAsync("/admin/accounts"));
            Assert.Equal(ledger, await admin.GetStringAsync($"/admin/accounts/{other.AccountId}/ledger"));
            using (var moved = EaselCluster.Client(node, tenant.Key))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await moved.GetAsync("/api/account")).StatusCode);
            }

            var nothing = await EaselCommand.RunAsync(["move-up", "--from", empty], cluster.Settings);
            Assert.Equal(1, nothing.ExitCode);
            Assert.Contains("holds no easel.db", nothing.Error, StringComparison.Ordinal);

            var sqlite = await EaselCommand.RunAsync(["move-up", "--from", dataDir], [("Easel:DataDir", NewDataDir())]);
            Assert.Equal(1, sqlite.ExitCode);
            Assert.Contains("must be PostgreSQL", sqlite.Error, StringComparison.Ordinal);
        }
        finally
        {
            DeleteFolder(dataDir);
            DeleteFolder(empty);
        }
    }

    private static readonly string FirstTaskSubmit = Tenant.Submit(prompt: "moved with its idempotency key");

    /// <summary>What the embedded install held, and answered, when its node stopped.</summary>
    private sealed record Install(
        Tenant Tenant, Dictionary<string, string> Before, Dictionary<string, byte[]> Files, (BlobKey Key, byte[] Bytes) Upload,
        string FirstTask, string CallbackTask, string QueuedTask, string GrantAnswer, HashSet<long> LedgerIds, long Balance);

    /// <summary>
    /// Runs a real embedded Easel in <paramref name="dataDir"/>: tasks to success (one with a callback that cannot be
    /// reached, one OpenAI edit with an upload), idempotent submits and grants, a rotated webhook secret; then, on an
    /// api-only node, a task left queued and one canceled. Records every answer that the cluster must give the same.
    /// </summary>
    private static async Task<Install> BuildInstallAsync(string dataDir)
    {
        var first = await EaselServer.StartAsync(dataDir: dataDir, settings:
            [("Easel:Security:AllowPrivateNetworks", "true"), ("Easel:Webhooks:RetryDelaysSeconds:0", "3600")]);
        var tenant = await first.CreateTenantAsync(credits: 100);
        await EaselServer.PostJsonAsync(tenant.Client, "/api/account/webhook-secret/rotate", new { });
        var grantAnswer = await GrantAsync(first.Admin, tenant.AccountId);

        var (status, submitted) = await tenant.SubmitAsync(FirstTaskSubmit, ("Idempotency-Key", FirstTaskKey));
        Assert.Equal(200, status);
        var firstTask = submitted.GetProperty("data").GetProperty("task_id").GetString()!;
        var callbackTask = await tenant.SubmitOkAsync(Tenant.Submit(
            prompt: "calls back nobody", quality: "medium", size: "16:9", callbackUrl: $"http://127.0.0.1:{ClosedPort()}/hook"));
        var plain = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "a plain one", size: "3:4"));
        foreach (var task in new[] { firstTask, callbackTask, plain })
        {
            Assert.Equal("finished", (await tenant.WaitEndAsync(task)).GetProperty("status").GetString());
        }
        using (var form = TestImages.Form([("prompt", "a comet over the sea"), ("quality", "low"), ("response_format", "url")], [TestImages.Png(256, 256)]))
        using (var edit = await tenant.Client.PostAsync("/v1/images/edits", form))
        {
            Assert.True(edit.IsSuccessStatusCode, $"the edit answered {(int)edit.StatusCode}: {await edit.Content.ReadAsStringAsync()}");
        }
        await WaitForAttemptAsync(tenant, callbackTask);
        await StopAsync(first);

        var apiOnly = await EaselServer.StartAsync(dataDir: dataDir, settings: [("Easel:Roles:0", "api")]);
        var onApi = tenant with { Client = apiOnly.NewClient(tenant.Key) };
        var queued = await onApi.SubmitOkAsync(Tenant.Submit(prompt: "still queued when the node stopped"));
        var canceled = await onApi.SubmitOkAsync(Tenant.Submit(prompt: "canceled before it ran"));
        Assert.Equal(200, (await EaselServer.SendAsync(onApi.Client, HttpMethod.Post, $"/api/generate/cancel/{canceled}")).Status);

        var before = await SnapshotAsync(apiOnly.Admin, onApi.Client, tenant.AccountId, callbackTask);
        var files = new Dictionary<string, byte[]>();
        foreach (var url in before.Where(p => p.Key.StartsWith("/api/generate/status/", StringComparison.Ordinal))
            .SelectMany(p => JsonDocument.Parse(p.Value).RootElement.GetProperty("data").GetProperty("files").EnumerateArray())
            .Select(f => f.GetProperty("file_url").GetString()!.Replace(BaseToken, "", StringComparison.Ordinal)))
        {
            files[url] = await onApi.Client.GetByteArrayAsync(url);
        }
        Assert.Equal(4, files.Count);
        var ledger = Entries(before[$"/admin/accounts/{tenant.AccountId}/ledger?limit=200"]);
        var balance = JsonDocument.Parse(before[$"/admin/accounts/{tenant.AccountId}"]).RootElement.GetProperty("balance").GetInt64();
        await StopAsync(apiOnly);

        var upload = await UploadAsync(dataDir);
        return new Install(
            tenant, before, files, upload, firstTask, callbackTask, queued, grantAnswer, ledger.Select(e => e.Id).ToHashSet(), balance);
    }

    /// <summary>Where the server's own address appears in an answer (file URLs), so answers from two nodes compare.</summary>
    private const string BaseToken = "{base}";

    /// <summary>Every answer about the account, admin's and the key holder's, by path; the node's address replaced.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(HttpClient admin, HttpClient owner, string accountId, string callbackTask)
    {
        var answers = new Dictionary<string, string>();
        async Task GetAsync(HttpClient client, string path)
        {
            using var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
            answers[path] = text.Replace(client.BaseAddress!.ToString().TrimEnd('/'), BaseToken, StringComparison.Ordinal);
        }
        foreach (var path in new[]
        {
            "/admin/accounts", $"/admin/accounts/{accountId}", $"/admin/accounts/{accountId}/ledger?limit=200", $"/admin/accounts/{accountId}/keys",
            $"/admin/tasks?account={accountId}&limit=200",
        })
        {
            await GetAsync(admin, path);
        }
        foreach (var path in new[]
        {
            "/api/account", "/api/account/webhook-secret", "/api/keys", "/api/generate/tasks?limit=100",
            $"/api/generate/tasks/{callbackTask}/webhooks",
        })
        {
            await GetAsync(owner, path);
        }
        var tasks = JsonDocument.Parse(answers[$"/admin/tasks?account={accountId}&limit=200"]).RootElement.GetProperty("tasks");
        Assert.Equal(6, tasks.GetArrayLength());
        foreach (var task in tasks.EnumerateArray())
        {
            await GetAsync(owner, $"/api/generate/status/{task.GetProperty("id").GetString()}");
        }
        return answers;
    }

    private static async Task<string> GrantAsync(HttpClient admin, string accountId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/accounts/{accountId}/credits")
        {
            Content = JsonContent.Create(new { amount = 50, reason = "top-up" }),
        };
        request.Headers.Add("Idempotency-Key", GrantKey);
        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"the grant answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private static async Task WaitForAttemptAsync(Tenant tenant, string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/tasks/{taskId}/webhooks");
            if (status == 200 && body.GetProperty("data").GetProperty("attempts").GetInt32() >= 1)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no webhook attempt was recorded: {body}");
            await Task.Delay(50);
        }
    }

    /// <summary>The one uploaded image of the install, read straight from its database and files folder.</summary>
    private static async Task<(BlobKey Key, byte[] Bytes)> UploadAsync(string dataDir)
    {
        BlobKey key;
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(dataDir, "easel.db")};Mode=ReadOnly;Pooling=False"))
        {
            Assert.True(BlobKey.TryParse(await db.QuerySingleAsync<string>("SELECT id || '.' || extension FROM input_images"), out key));
        }
        await using var stream = (await new DiskBlobStore(Path.Combine(dataDir, "files")).OpenReadAsync(key, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return (key, copy.ToArray());
    }

    private static async Task<byte[]?> ReadBucketAsync(EaselCluster cluster, BlobKey key)
    {
        var s3 = await S3Server.Shared;
        var bucket = cluster.Settings.Single(s => s.Key == "Easel:Blobs:S3:Bucket").Value;
        using var store = new S3BlobStore(new S3BlobOptions(s3.ServiceUrl.ToString(), bucket, s3.Region, s3.AccessKey, s3.SecretKey, ForcePathStyle: true));
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed record Entry(long Id);

    private static List<Entry> Entries(string ledgerPage) =>
        JsonDocument.Parse(ledgerPage).RootElement.GetProperty("entries").EnumerateArray().Select(e => new Entry(e.GetProperty("id").GetInt64())).ToList();

    /// <summary>Stops an in-process node the way an operator stops one, keeping its data folder.</summary>
    private static async Task StopAsync(EaselServer server)
    {
        server.Admin.Dispose();
        await server.App.StopAsync();
        await server.App.DisposeAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NewDataDir() => Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));

    private static void DeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }
}
