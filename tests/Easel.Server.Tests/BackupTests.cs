using System.Net;
using System.Text.Json;
using Easel.Server.Tests.Support;
using Easel.Store;

namespace Easel.Server.Tests;

/// <summary>
/// <c>backup --to DIR</c> run as a process against a data folder a live Easel is writing to; a fresh Easel started on the
/// copy answers with the same balances and serves the same file bytes (docs/operations.md, "Backup and restore").
/// </summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_while_Easel_writes_starts_a_fresh_Easel_with_the_same_balances_and_files()
    {
        var backupDir = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        var source = await EaselServer.StartAsync();
        var still = await source.CreateTenantAsync(credits: 100);
        var task = await still.SubmitOkAsync(Tenant.Submit(prompt: "kept in the backup"));
        var done = await still.WaitEndAsync(task);
        Assert.Equal("finished", done.GetProperty("status").GetString());
        var fileUrl = new Uri(done.GetProperty("files")[0].GetProperty("file_url").GetString()!);
        var bytes = await still.Client.GetByteArrayAsync(fileUrl);
        var account = (await source.AccountAsync(still.AccountId)).ToString();
        var ledger = (await source.LedgerAsync(still.AccountId)).ToString();

        // Another account is granted credits and submits tasks all through the backup.
        var busy = await source.CreateTenantAsync(credits: 10);
        using var stop = new CancellationTokenSource();
        var writing = WriteUntilAsync(source, busy, stop.Token);
        var run = await EaselCommand.RunAsync(["backup", "--to", backupDir], [("Easel:DataDir", source.DataDir)]);
        await stop.CancelAsync();
        var writes = await writing;
        Assert.True(run.ExitCode == 0, $"backup failed ({run.ExitCode}): {run.Error}{run.Output}");
        Assert.Contains($"Backed up {source.DataDir} into {backupDir}", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"  files: \d+ objects, \d+ bytes\n", run.Output);
        Assert.True(writes > 0, "nothing was written while the backup ran");

        // The source goes, data folder and all: the copy is all the restored Easel has. Api only, so nothing moves while it is read.
        await source.DisposeAsync();
        await using var restored = await EaselServer.StartAsync(dataDir: backupDir, settings: [("Easel:Roles:0", "api")]);

        Assert.Equal(account, (await restored.AccountAsync(still.AccountId)).ToString());
        Assert.Equal(ledger, (await restored.LedgerAsync(still.AccountId)).ToString());
        var moved = new UriBuilder(fileUrl) { Host = restored.BaseAddress.Host, Port = restored.BaseAddress.Port }.Uri;
        using (var download = await restored.NewClient(still.Key).GetAsync(moved))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        }

        // One snapshot: the busy account's balance and reservations are what its ledger in the copy adds up to.
        var busyAccount = await restored.AccountAsync(busy.AccountId);
        var rows = (await restored.LedgerAsync(busy.AccountId)).EnumerateArray()
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Amount: e.GetProperty("amount").GetInt64())).ToList();
        long Sum(string kind) => rows.Where(r => r.Kind == kind).Sum(r => r.Amount);
        Assert.Equal(Sum(LedgerKinds.Grant) - Sum(LedgerKinds.Capture), busyAccount.GetProperty("balance").GetInt64());
        Assert.Equal(Sum(LedgerKinds.Reserve) - Sum(LedgerKinds.Capture) - Sum(LedgerKinds.Release), busyAccount.GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task Backup_refuses_a_folder_that_is_not_empty_and_a_data_folder_without_a_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "target"));
        await File.WriteAllTextAsync(Path.Combine(folder, "target", "something"), "kept");
        try
        {
            var noDatabase = await EaselCommand.RunAsync(["backup", "--to", Path.Combine(folder, "copy")], [("Easel:DataDir", folder)]);
            Assert.Equal(1, noDatabase.ExitCode);
            Assert.StartsWith("Easel cannot back up: ", noDatabase.Error, StringComparison.Ordinal);
            Assert.Contains("holds no easel.db", noDatabase.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(folder, "copy")));

            await using var source = await EaselServer.StartAsync();
            var occupied = await EaselCommand.RunAsync(["backup", "--to", Path.Combine(folder, "target")], [("Easel:DataDir", source.DataDir)]);
            Assert.Equal(1, occupied.ExitCode);
            Assert.Contains("is not empty", occupied.Error, StringComparison.Ordinal);
            Assert.Equal(["something"], Directory.GetFileSystemEntries(Path.Combine(folder, "target")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Grants a credit and now and then submits a task, until told to stop; returns how many writes it made.</summary>
    private static async Task<int> WriteUntilAsync(EaselServer source, Tenant busy, CancellationToken stop)
    {
        var writes = 0;
        // At most 100 rounds, so the busy account's ledger fits on one page.
        for (var round = 0; round < 100 && !stop.IsCancellationRequested; round++)
        {
            await EaselServer.PostJsonAsync(source.Admin, $"/admin/accounts/{busy.AccountId}/credits", new { amount = 1, reason = "during the backup" });
            if (round % 4 == 0)
            {
                await busy.SubmitOkAsync(Tenant.Submit(prompt: $"submitted during the backup {round}"));
            }
            writes++;
            try
            {
                await Task.Delay(25, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return writes;
    }
}
