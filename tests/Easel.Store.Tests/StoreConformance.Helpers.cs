namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    protected const string CallbackUrl = "https://hooks.example.com/easel";

    protected async Task<Account> NewAccountAsync(long balance = 0, string name = "acme")
    {
        var account = await Store.CreateAccountAsync(name, Ct);
        if (balance != 0)
        {
            Assert.IsType<GrantOutcome.Granted>(await Store.GrantAsync(account.Id, balance, "opening balance", Ct));
        }
        return await AccountAsync(account.Id);
    }

    protected async Task<Account> AccountAsync(string accountId) =>
        await Store.GetAccountAsync(accountId, Ct) ?? throw new InvalidOperationException($"no account {accountId}");

    /// <summary>A new key of the account, as the server sees it: found by the hash of its secret.</summary>
    protected async Task<Caller> NewCallerAsync(string accountId, KeyLimits? limits = null, KeyMode mode = KeyMode.Live)
    {
        var (_, secret) = await Store.CreateApiKeyAsync(accountId, "worker key", KeyRole.Owner, mode, limits ?? KeyLimits.None, Ct);
        return await Store.FindCallerAsync(Ids.HashSecret(secret), Ct) ?? throw new InvalidOperationException("a new key finds no caller");
    }

    protected static GenerationRequest Request(int images = 1, string? callbackUrl = null) => new()
    {
        Model = GenerationModel.Generate,
        Prompt = "a red fox in the snow",
        Quality = Quality.Medium,
        Size = new ImageSize(1024, 1024),
        ImageCount = images,
        CallbackUrl = callbackUrl,
        Seed = 42,
    };

    protected static NewTask NewTask(Caller caller, long price, int images = 1, string? callbackUrl = null) =>
        new(Ids.New("task_"), caller, "unified", Request(images, callbackUrl), price) { FileBase = "https://easel.test" };

    protected async Task<TaskRecord> SubmitAsync(Caller caller, long price, int images = 1, string? callbackUrl = null) =>
        Assert.IsType<SubmitOutcome.Created>(await Store.SubmitTaskAsync(NewTask(caller, price, images, callbackUrl), null, Ct)).Task;

    /// <summary>Submits <paramref name="count"/> one-credit tasks one after another, moving the clock on by <paramref name="apart"/> after each.</summary>
    protected async Task<List<TaskRecord>> SubmitManyAsync(Caller caller, int count, TimeSpan apart = default)
    {
        var tasks = new List<TaskRecord>(count);
        for (var i = 0; i < count; i++)
        {
            tasks.Add(await SubmitAsync(caller, price: 1));
            Clock.Advance(apart);
        }
        return tasks;
    }

    protected async Task<TaskRecord> TaskAsync(string taskId) =>
        await Store.GetTaskAsync(taskId, Ct) ?? throw new InvalidOperationException($"no task {taskId}");

    /// <summary>Submits a task and leases it to <paramref name="owner"/>; it must be the only one queued.</summary>
    protected async Task<TaskRecord> RunningTaskAsync(Caller caller, long price, string owner, int images = 1, string? callbackUrl = null)
    {
        var task = await SubmitAsync(caller, price, images, callbackUrl);
        var claimed = Assert.Single(await Store.ClaimTasksAsync(owner, LongLease, 10, Ct));
        Assert.Equal(task.Id, claimed.Task.Id);
        return claimed.Task;
    }

    protected static GeneratedImage File(int index, OutputFormat format = OutputFormat.Png) =>
        new(new BlobKey(Ids.New("file_"), format), 1000 + index, 1024, 768);

    /// <summary>When the files of a task completed now are kept until.</summary>
    protected DateTimeOffset FilesExpireAt => Clock.GetUtcNow().AddDays(1);

    /// <summary>The account's whole ledger, oldest first, read page by page.</summary>
    protected async Task<List<LedgerEntry>> LedgerAsync(string accountId)
    {
        var all = new List<LedgerEntry>();
        long? after = null;
        while (true)
        {
            var page = await Store.GetLedgerAsync(accountId, 100, after, Ct);
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }
            after = long.Parse(page.NextCursor, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The ledger's movements (of one task, when given), as (kind, amount) in order.</summary>
    protected async Task<(string Kind, long Amount)[]> MovementsAsync(string accountId, string? taskId = null) =>
        [.. (await LedgerAsync(accountId)).Where(e => taskId is null || e.TaskId == taskId).Select(e => (e.Kind, e.Amount))];

    /// <summary>balance = Σgrant − Σcapture and reserved = Σreserve − Σcapture − Σrelease: the account is derivable from its ledger.</summary>
    protected async Task AssertBooksMatchLedgerAsync(string accountId)
    {
        var ledger = await LedgerAsync(accountId);
        long Sum(string kind) => ledger.Where(e => e.Kind == kind).Sum(e => e.Amount);
        var account = await AccountAsync(accountId);
        Assert.Equal(Sum(LedgerKinds.Grant) - Sum(LedgerKinds.Capture), account.Balance);
        Assert.Equal(Sum(LedgerKinds.Reserve) - Sum(LedgerKinds.Capture) - Sum(LedgerKinds.Release), account.Reserved);
        Assert.True(account.Available >= 0, $"available went negative: {account.Available}");
    }

    /// <summary>The store keeps times in whole milliseconds.</summary>
    protected static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Asserts <paramref name="actual"/> was taken from the clock between <paramref name="before"/> and now.</summary>
    protected void AssertTakenSince(DateTimeOffset before, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, Ms(before), Clock.GetUtcNow());
    }

    protected static Task WaitOutShortLeaseAsync() => Task.Delay(ShortLease + TimeSpan.FromMilliseconds(250), Ct);
}
