namespace Easel.Store.Tests;

/// <summary>Limits that hold for the whole cluster: a key's requests per minute, a channel's slots, and node leases.</summary>
public abstract partial class StoreConformance
{
    private const string Channel = "openai-main";

    [Fact]
    public async Task A_key_gets_its_requests_per_minute_and_then_a_wait()
    {
        var allowed = new List<int?>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add(await Store.TakeRequestAsync("key_a", 3, Ct));
        }
        var refused = await Store.TakeRequestAsync("key_a", 3, Ct);

        Assert.All(allowed, Assert.Null);
        // One request in three a minute comes free every 20 s; the first of them was taken just now.
        Assert.NotNull(refused);
        Assert.InRange(refused.Value, 1, 20);
        Assert.Null(await Store.TakeRequestAsync("key_b", 3, Ct));
    }

    [Fact]
    public async Task Concurrent_requests_on_several_nodes_get_exactly_the_keys_allowance()
    {
        var outcomes = await RaceAsync(Nodes(NodeCount), 40, (node, _) => node.TakeRequestAsync("key_busy", 10, Ct));

        Assert.Equal(10, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.InRange(o!.Value, 1, 6));
    }

    [Fact]
    public async Task A_request_allowance_refills_as_time_passes()
    {
        // 600 a minute: one every 100 ms, so the allowance refills within the test.
        var taken = 0;
        while (await Store.TakeRequestAsync("key_fast", 600, Ct) is null)
        {
            Assert.InRange(++taken, 1, 1200);
        }
        Assert.InRange(taken, 600, 1200);
        Assert.Equal(1, await Store.TakeRequestAsync("key_fast", 600, Ct));

        await Task.Delay(150, Ct);

        Assert.Null(await Store.TakeRequestAsync("key_fast", 600, Ct));
    }

    [Fact]
    public async Task A_channel_lets_in_as_many_tasks_as_its_slots_and_the_next_when_one_ends()
    {
        var (caller, owner) = (await NewCallerAsync((await NewAccountAsync(balance: 10)).Id), "node-1");
        await SubmitManyAsync(caller, 3);
        var claimed = await Store.ClaimTasksAsync(owner, LongLease, 3, Ct);
        var (first, second, third) = (claimed[0].Task.Id, claimed[1].Task.Id, claimed[2].Task.Id);

        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(first, owner, Channel, 2, null, LongLease, Ct));
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(second, owner, Channel, 2, null, LongLease, Ct));
        Assert.Equal(ChannelEntry.Full, await Store.EnterChannelAsync(third, owner, Channel, 2, null, LongLease, Ct));
        // A task that holds a slot keeps it when it enters again (a resumed call).
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(second, owner, Channel, 2, null, LongLease, Ct));
        Assert.Equal(2, (await Store.GetChannelsInFlightAsync(Ct))[Channel]);

        Assert.True(await Store.FailTaskAsync(first, owner, FailureCode.UpstreamUnavailable, "down", Ct));

        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(third, owner, Channel, 2, null, LongLease, Ct));
        Assert.Equal(2, (await Store.GetChannelsInFlightAsync(Ct))[Channel]);
    }

    [Fact]
    public async Task Moving_to_another_channel_gives_up_the_first_ones_slot()
    {
        var caller = await NewCallerAsync((await NewAccountAsync(balance: 10)).Id);
        var task = await RunningTaskAsync(caller, price: 1, "node-1");

        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(task.Id, "node-1", Channel, 1, null, LongLease, Ct));
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(task.Id, "node-1", "azure-backup", 1, null, LongLease, Ct));

        var inFlight = await Store.GetChannelsInFlightAsync(Ct);
        Assert.False(inFlight.ContainsKey(Channel));
        Assert.Equal(1, inFlight["azure-backup"]);
    }

    [Fact]
    public async Task Entering_a_channel_writes_down_the_call_and_is_fenced_on_the_lease()
    {
        var caller = await NewCallerAsync((await NewAccountAsync(balance: 10)).Id);
        await SubmitAsync(caller, price: 1);
        var task = Assert.Single(await Store.ClaimTasksAsync("node-1", ShortLease, 1, Ct)).Task;

        Assert.Equal(ChannelEntry.LeaseLost, await Store.EnterChannelAsync(task.Id, "node-2", Channel, 4, new UpstreamMark(Channel, null), LongLease, Ct));
        Assert.Empty(await Store.GetChannelsInFlightAsync(Ct));
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(task.Id, "node-1", Channel, 4, new UpstreamMark(Channel, null), ShortLease, Ct));

        await WaitOutShortLeaseAsync();
        var retaken = Assert.Single(await Store.ClaimTasksAsync("node-2", LongLease, 1, Ct));

        Assert.Equal(new UpstreamMark(Channel, null), retaken.Upstream);
        Assert.Equal(ChannelEntry.LeaseLost, await Store.EnterChannelAsync(task.Id, "node-1", Channel, 4, null, LongLease, Ct));
    }

    [Fact]
    public async Task A_slot_whose_holder_stopped_renewing_is_taken_over_and_a_renewed_one_is_not()
    {
        var caller = await NewCallerAsync((await NewAccountAsync(balance: 10)).Id);
        await SubmitManyAsync(caller, 3);
        var claimed = await Store.ClaimTasksAsync("node-1", LongLease, 3, Ct);
        var (renewed, abandoned, waiting) = (claimed[0].Task.Id, claimed[1].Task.Id, claimed[2].Task.Id);
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(renewed, "node-1", Channel, 2, null, ShortLease, Ct));
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(abandoned, "node-1", Channel, 2, null, ShortLease, Ct));

        await Task.Delay(ShortLease / 2, Ct);
        Assert.True(await Store.RenewLeaseAsync(renewed, "node-1", LongLease, Ct));
        await WaitOutShortLeaseAsync();

        Assert.Equal(1, (await Store.GetChannelsInFlightAsync(Ct))[Channel]);
        Assert.Equal(ChannelEntry.Entered, await Store.EnterChannelAsync(waiting, "node-1", Channel, 2, null, LongLease, Ct));
        Assert.Equal(2, (await Store.GetChannelsInFlightAsync(Ct))[Channel]);
    }

    [Fact]
    public async Task Concurrent_entries_on_several_nodes_never_exceed_the_channels_slots()
    {
        var caller = await NewCallerAsync((await NewAccountAsync(balance: 20)).Id);
        await SubmitManyAsync(caller, 12);
        var claimed = await Store.ClaimTasksAsync("node-1", LongLease, 12, Ct);

        var entries = await RaceAsync(Nodes(NodeCount), 12, (node, i) => node.EnterChannelAsync(claimed[i].Task.Id, "node-1", Channel, 3, null, LongLease, Ct));

        Assert.Equal(3, entries.Count(e => e == ChannelEntry.Entered));
        Assert.Equal(9, entries.Count(e => e == ChannelEntry.Full));
        Assert.Equal(3, (await Store.GetChannelsInFlightAsync(Ct))[Channel]);
    }

    [Fact]
    public async Task Every_nodes_breaker_view_is_shared_until_it_goes_stale()
    {
        var until = Ms(Clock.GetUtcNow().AddMinutes(1));
        await Store.PublishChannelHealthAsync("node-1", [new ChannelHealth(Channel, "open", 3, until), new ChannelHealth("backup", "closed", 0, null)], Ct);
        await OpenNode().PublishChannelHealthAsync("node-2", [new ChannelHealth(Channel, "closed", 1, null)], Ct);
        await Store.PublishChannelHealthAsync("node-1", [new ChannelHealth(Channel, "half_open", 3, until)], Ct);

        var views = await Store.GetChannelHealthAsync(TimeSpan.FromMinutes(1), Ct);

        Assert.Equal(
            [("node-1", new ChannelHealth("backup", "closed", 0, null)), ("node-1", new ChannelHealth(Channel, "half_open", 3, until)), ("node-2", new ChannelHealth(Channel, "closed", 1, null))],
            views.Select(v => (v.Node, v.Health)).OrderBy(v => v.Health.Channel).ThenBy(v => v.Node).ToArray());
        await Task.Delay(50, Ct);
        Assert.Empty(await Store.GetChannelHealthAsync(TimeSpan.FromMilliseconds(10), Ct));
        await Store.PruneLimitsAsync(TimeSpan.FromMilliseconds(10), Ct);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM channel_health"));
    }

    [Fact]
    public async Task A_node_lease_has_one_holder_until_it_runs_out()
    {
        var other = OpenNode();

        Assert.True(await Store.HoldNodeLeaseAsync("expiry-sweep", "node-1", ShortLease, Ct));
        Assert.False(await other.HoldNodeLeaseAsync("expiry-sweep", "node-2", ShortLease, Ct));
        Assert.True(await Store.HoldNodeLeaseAsync("expiry-sweep", "node-1", ShortLease, Ct));
        Assert.True(await other.HoldNodeLeaseAsync("another-job", "node-2", ShortLease, Ct));

        await WaitOutShortLeaseAsync();

        Assert.True(await other.HoldNodeLeaseAsync("expiry-sweep", "node-2", LongLease, Ct));
        Assert.False(await Store.HoldNodeLeaseAsync("expiry-sweep", "node-1", LongLease, Ct));
    }

    [Fact]
    public async Task Pruning_forgets_only_fully_refilled_allowances()
    {
        Assert.Null(await Store.TakeRequestAsync("key_slow", 1, Ct));
        Assert.Null(await Store.TakeRequestAsync("key_quick", 60_000, Ct));
        await Task.Delay(20, Ct);

        await Store.PruneLimitsAsync(TimeSpan.FromMinutes(10), Ct);

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM key_rates"));
        Assert.NotNull(await Store.TakeRequestAsync("key_slow", 1, Ct));
    }
}
