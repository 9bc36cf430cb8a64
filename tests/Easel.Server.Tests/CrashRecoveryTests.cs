using System.Net.Http.Headers;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Tasks_of_a_killed_process_are_finished_after_restart_and_charged_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        string accountId;
        string key;
        var taskIds = new List<string>();
        using (var doomed = await EaselProcess.StartAsync(dataDir, ("Easel:Sandbox:LatencyMs", "30000"), ("Easel:Engine:LeaseSeconds", "5"), ("Easel:Engine:PollMilliseconds", "100")))
        {
            using var admin = Client(doomed.BaseAddress, EaselServer.AdminKey);
            accountId = (await EaselServer.PostJsonAsync(admin, "/admin/accounts", new { name = "crash" })).GetProperty("id").GetString()!;
            await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/credits", new { amount = 100, reason = "test" });
            key = (await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/keys", new { name = "k", role = "owner", mode = "live" })).GetProperty("key").GetString()!;
            var tenant = new Tenant(accountId, "", key, Client(doomed.BaseAddress, key));
            for (var i = 0; i < 3; i++)
            {
                taskIds.Add(await tenant.SubmitOkAsync(Tenant.Submit(prompt: $"crash {i}", quality: "medium")));
            }
            foreach (var id in taskIds)
            {
                await tenant.WaitStatusAsync(id, "running");
            }

            doomed.Kill();
        }

        using var successor = await EaselProcess.StartAsync(dataDir, ("Easel:Engine:LeaseSeconds", "5"), ("Easel:Engine:PollMilliseconds", "100"));
        var resumed = new Tenant(accountId, "", key, Client(successor.BaseAddress, key));
        foreach (var id in taskIds)
        {
            Assert.Equal("finished", (await resumed.WaitEndAsync(id, seconds: 60)).GetProperty("status").GetString());
        }

        using var successorAdmin = Client(successor.BaseAddress, EaselServer.AdminKey);
        var ledger = JsonDocument.Parse(await successorAdmin.GetStringAsync($"/admin/accounts/{accountId}/ledger?limit=200")).RootElement.GetProperty("entries");
        foreach (var id in taskIds)
        {
            var rows = ledger.EnumerateArray().Where(e => e.GetProperty("task_id").GetString() == id)
                .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
            Assert.Equal([("reserve", 3L), ("capture", 3L)], rows);
        }
        var account = JsonDocument.Parse(await successorAdmin.GetStringAsync($"/admin/accounts/{accountId}")).RootElement;
        Assert.Equal(91, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
    }

    private static HttpClient Client(Uri baseAddress, string bearer)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
