namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Tasks_list_newest_first_in_pages_without_gaps_or_repeats()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var ids = (await SubmitManyAsync(caller, 5, apart: TimeSpan.FromSeconds(1))).Select(t => t.Id).Reverse().ToList();

        var pages = await ListAllAsync(account.Id, null, pageSize: 2);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(ids, pages.SelectMany(p => p).Select(t => t.Id));
    }

    [Fact]
    public async Task Tasks_created_in_the_same_millisecond_still_page_without_gaps()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var ids = (await SubmitManyAsync(caller, 7)).Select(t => t.Id).ToHashSet();
        Assert.Equal(7, await ExecuteAsync("UPDATE tasks SET created_at = 1000"));

        var listed = (await ListAllAsync(account.Id, null, pageSize: 3)).SelectMany(p => p).Select(t => t.Id).ToList();

        Assert.Equal(7, listed.Count);
        Assert.True(ids.SetEquals(listed));
        Assert.Equal(listed.Order(StringComparer.Ordinal).Reverse(), listed);
    }

    [Fact]
    public async Task Tasks_list_by_state_and_by_account()
    {
        var account = await NewAccountAsync(balance: 100);
        var caller = await NewCallerAsync(account.Id);
        var tasks = await SubmitManyAsync(caller, 5, apart: TimeSpan.FromSeconds(1));
        await Store.CancelTaskAsync(tasks[1].Id, account.Id, Ct);
        await Store.CancelTaskAsync(tasks[3].Id, account.Id, Ct);
        var other = await NewAccountAsync(balance: 10, name: "other");
        var theirs = await SubmitAsync(await NewCallerAsync(other.Id), price: 1);

        var canceled = await Store.ListTasksAsync(account.Id, [TaskState.Canceled], 10, null, Ct);
        var open = await Store.ListTasksAsync(account.Id, [TaskState.Queued, TaskState.Running], 10, null, Ct);
        var everyone = await Store.ListTasksAsync(null, null, 10, null, Ct);
        var openPaged = await ListAllAsync(account.Id, [TaskState.Queued], pageSize: 2);

        Assert.Equal([tasks[3].Id, tasks[1].Id], canceled.Items.Select(t => t.Id));
        Assert.Null(canceled.NextCursor);
        Assert.Equal([tasks[4].Id, tasks[2].Id, tasks[0].Id], open.Items.Select(t => t.Id));
        Assert.Equal([theirs.Id, .. tasks.Select(t => t.Id).Reverse()], everyone.Items.Select(t => t.Id));
        Assert.Equal([tasks[4].Id, tasks[2].Id, tasks[0].Id], openPaged.SelectMany(p => p).Select(t => t.Id));
        Assert.Empty((await Store.ListTasksAsync(account.Id, [TaskState.Succeeded], 10, null, Ct)).Items);
    }

    private async Task<List<List<TaskRecord>>> ListAllAsync(string? accountId, IReadOnlyCollection<TaskState>? states, int pageSize)
    {
        var pages = new List<List<TaskRecord>>();
        string? cursor = null;
        do
        {
            var page = await Store.ListTasksAsync(accountId, states, pageSize, cursor, Ct);
            pages.Add([.. page.Items]);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 100);
        return pages;
    }
}
