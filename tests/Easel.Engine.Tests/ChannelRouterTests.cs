using Easel.Core;
using Easel.Engine.Channels;
using Easel.Engine.Tests.Support;

namespace Easel.Engine.Tests;

public sealed class ChannelRouterTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly ProviderOutcome.Failed Refused = new("the prompt was blocked by moderation", FailureCode.ModerationBlocked, Retryable: false);
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(o => o.Routing.BreakerFailures = 1);

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task The_channel_of_the_lowest_priority_number_is_asked_first_and_alone_when_it_succeeds()
    {
        var main = new ScriptedProvider("main", ScriptedProvider.Success);
        var backup = new ScriptedProvider("backup", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("backup", backup, priority: 1), _rig.Channel("main", main, priority: 0));

        var outcome = await GenerateAsync(router, await RunningAsync());

        Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        Assert.Equal((1, 0), (main.Calls.Count, backup.Calls.Count));
    }

    [Fact]
    public async Task Channels_of_equal_priority_take_the_first_call_in_proportion_to_their_weight()
    {
        var heavy = new ScriptedProvider("heavy", ScriptedProvider.Success);
        var light = new ScriptedProvider("light", ScriptedProvider.Success);
        var spare = new ScriptedProvider("spare", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(),
            _rig.Channel("spare", spare, priority: 1, weight: 100), _rig.Channel("light", light, weight: 1), _rig.Channel("heavy", heavy, weight: 3));
        var claim = await RunningAsync();

        for (var i = 0; i < 400; i++)
        {
            await GenerateAsync(router, claim);
        }

        // 3:1 expects 300 of 400; 250…350 is more than five standard deviations either side.
        Assert.InRange(heavy.Calls.Count, 250, 350);
        Assert.Equal(400, heavy.Calls.Count + light.Calls.Count);
        Assert.Empty(spare.Calls);
    }

    [Fact]
    public async Task A_retryable_failure_moves_to_the_next_channel_and_counts_against_the_failed_channels_breaker()
    {
        var broken = new ScriptedProvider("broken", ScriptedProvider.ServerError);
        var healthy = new ScriptedProvider("healthy", ScriptedProvider.Success);
        _rig.Options.Routing.BreakerFailures = 3;
        Channel brokenChannel = _rig.Channel("broken", broken, priority: 0), healthyChannel = _rig.Channel("healthy", healthy, priority: 1);
        var router = _rig.Router(_rig.Sandbox(), brokenChannel, healthyChannel);

        var outcome = await GenerateAsync(router, await RunningAsync());

        Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        Assert.Equal((1, 1), (broken.Calls.Count, healthy.Calls.Count));
        Assert.Equal((1, 0), (brokenChannel.Breaker.ConsecutiveFailures, healthyChannel.Breaker.ConsecutiveFailures));
    }

    [Fact]
    public async Task A_failure_that_is_not_retryable_ends_the_run_with_that_failure_and_asks_no_other_channel()
    {
        var strict = new ScriptedProvider("strict", Refused);
        var other = new ScriptedProvider("other", ScriptedProvider.Success);
        var strictChannel = _rig.Channel("strict", strict, priority: 0);
        var router = _rig.Router(_rig.Sandbox(), strictChannel, _rig.Channel("other", other, priority: 1));

        var outcome = await GenerateAsync(router, await RunningAsync());

        Assert.Equal(Refused with { Channel = "strict" }, outcome);
        Assert.Empty(other.Calls);
        Assert.Equal(BreakerState.Closed, strictChannel.Breaker.State);
    }

    [Fact]
    public async Task One_run_asks_no_more_channels_than_MaxAttempts_and_answers_with_the_last_failure()
    {
        _rig.Options.Routing.MaxAttempts = 2;
        var last = new ProviderOutcome.Failed("HTTP 502", FailureCode.UpstreamFailed, Retryable: true);
        var first = new ScriptedProvider("first", ScriptedProvider.ServerError);
        var second = new ScriptedProvider("second", last);
        var third = new ScriptedProvider("third", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(),
            _rig.Channel("first", first, priority: 0), _rig.Channel("second", second, priority: 1), _rig.Channel("third", third, priority: 2));

        var outcome = await GenerateAsync(router, await RunningAsync());

        Assert.Equal(last with { Channel = "second" }, outcome);
        Assert.Equal((1, 1, 0), (first.Calls.Count, second.Calls.Count, third.Calls.Count));
    }

    [Fact]
    public async Task A_channel_whose_breaker_is_open_is_skipped_without_using_up_an_attempt()
    {
        _rig.Options.Routing.MaxAttempts = 2;
        var paused = new ScriptedProvider("paused", ScriptedProvider.Success);
        var flaky = new ScriptedProvider("flaky", ScriptedProvider.ServerError);
        var steady = new ScriptedProvider("steady", ScriptedProvider.Success);
        var pausedChannel = Paused(_rig.Channel("paused", paused, priority: 0));
        var router = _rig.Router(_rig.Sandbox(), pausedChannel, _rig.Channel("flaky", flaky, priority: 1), _rig.Channel("steady", steady, priority: 2));

        var outcome = await GenerateAsync(router, await RunningAsync());

        Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        Assert.Equal((0, 1, 1), (paused.Calls.Count, flaky.Calls.Count, steady.Calls.Count));
    }

    [Fact]
    public async Task When_every_channel_is_paused_the_run_fails_retryably_as_upstream_unavailable()
    {
        var only = new ScriptedProvider("only", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(), Paused(_rig.Channel("only", only)));

        var outcome = Assert.IsType<ProviderOutcome.Failed>(await GenerateAsync(router, await RunningAsync()));

        Assert.Equal((FailureCode.UpstreamUnavailable, true), (outcome.Code, outcome.Retryable));
        Assert.Empty(only.Calls);
    }

    [Fact]
    public async Task A_429_with_Retry_After_keeps_the_channel_out_for_as_long_as_it_asked()
    {
        _rig.Options.Routing.BreakerFailures = 5;
        var limited = new ScriptedProvider("limited", new ProviderOutcome.Failed("HTTP 429", FailureCode.UpstreamRateLimited, Retryable: true) { RetryAfter = TimeSpan.FromMinutes(2) });
        var channel = _rig.Channel("limited", limited);
        var router = _rig.Router(_rig.Sandbox(), channel);

        await GenerateAsync(router, await RunningAsync());

        Assert.Equal(_rig.Clock.GetUtcNow() + TimeSpan.FromMinutes(2), channel.Breaker.OpenUntil);
    }

    [Fact]
    public async Task Channels_that_do_not_serve_the_model_or_cannot_express_the_request_are_not_asked()
    {
        var editsOnly = new ScriptedProvider("edits", ScriptedProvider.Success);
        var picky = new ScriptedProvider("picky", ScriptedProvider.Success) { CannotServeReason = "medium quality only" };
        var able = new ScriptedProvider("able", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(),
            _rig.Channel("edits", editsOnly, priority: 0, models: [GenerationModels.EditName]), _rig.Channel("picky", picky, priority: 1), _rig.Channel("able", able, priority: 2));

        Assert.IsType<ProviderOutcome.Succeeded>(await GenerateAsync(router, await RunningAsync()));

        Assert.Equal((0, 0, 1), (editsOnly.Calls.Count, picky.Calls.Count, able.Calls.Count));
    }

    [Fact]
    public async Task After_a_restart_the_marked_channel_is_asked_first_to_resume_its_job_even_while_paused()
    {
        var fast = new ScriptedProvider("fast", ScriptedProvider.Success);
        var slow = new ScriptedProvider("slow", ScriptedProvider.Success);
        var slowChannel = _rig.Channel("slow", slow, priority: 5);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("fast", fast, priority: 0), slowChannel);
        var claim = await TakenOverAsync(new UpstreamMark("slow", "job-7"));
        Paused(slowChannel);

        var outcome = await GenerateAsync(router, claim, "node-b");

        Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        Assert.Equal("job-7", Assert.Single(slow.Calls).ResumeUpstreamTaskId);
        Assert.Empty(fast.Calls);
    }

    [Fact]
    public async Task A_resumed_job_that_fails_retryably_moves_on_to_a_fresh_call_on_the_next_channel()
    {
        var fast = new ScriptedProvider("fast", ScriptedProvider.Success);
        var slow = new ScriptedProvider("slow", ScriptedProvider.ServerError);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("fast", fast, priority: 0), _rig.Channel("slow", slow, priority: 5));
        var claim = await TakenOverAsync(new UpstreamMark("slow", "job-7"));

        Assert.IsType<ProviderOutcome.Succeeded>(await GenerateAsync(router, claim, "node-b"));

        Assert.Equal("job-7", Assert.Single(slow.Calls).ResumeUpstreamTaskId);
        Assert.Null(Assert.Single(fast.Calls).ResumeUpstreamTaskId);
    }

    [Fact]
    public async Task A_channel_whose_call_was_cut_off_unanswered_is_not_asked_again()
    {
        var cutOff = new ScriptedProvider("cut-off", ScriptedProvider.Success);
        var next = new ScriptedProvider("next", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("cut-off", cutOff, priority: 0), _rig.Channel("next", next, priority: 1));
        var claim = await TakenOverAsync(new UpstreamMark("cut-off", null));

        Assert.IsType<ProviderOutcome.Succeeded>(await GenerateAsync(router, claim, "node-b"));

        Assert.Empty(cutOff.Calls);
        Assert.Null(Assert.Single(next.Calls).ResumeUpstreamTaskId);
    }

    [Fact]
    public async Task A_call_is_written_down_before_it_is_made_and_a_run_that_lost_its_lease_asks_no_other_channel()
    {
        ClaimedTask? successor = null;
        var first = new ScriptedProvider("first", async _ =>
        {
            successor = await TakeOverAsync();
            return ScriptedProvider.ServerError;
        });
        var second = new ScriptedProvider("second", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("first", first, priority: 0), _rig.Channel("second", second, priority: 1));

        var outcome = Assert.IsType<ProviderOutcome.Failed>(await GenerateAsync(router, await RunningAsync()));

        Assert.Equal(new UpstreamMark("first", null), successor!.Upstream);
        Assert.Equal((FailureCode.LeaseLost, false), (outcome.Code, outcome.Retryable));
        Assert.Empty(second.Calls);
    }

    [Fact]
    public async Task An_async_jobs_id_is_written_down_as_soon_as_the_upstream_gives_it()
    {
        ClaimedTask? successor = null;
        var async = new ScriptedProvider("async", async job =>
        {
            await job.Journal.RecordSubmittedAsync("up-42", EngineRig.Ct);
            successor = await TakeOverAsync();
            return ScriptedProvider.ServerError;
        });
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("async", async));

        await GenerateAsync(router, await RunningAsync());

        Assert.Equal(new UpstreamMark("async", "up-42"), successor!.Upstream);
    }

    [Fact]
    public async Task A_job_id_that_can_no_longer_be_written_down_ends_the_run_as_lease_lost_without_blaming_the_channel()
    {
        var async = new ScriptedProvider("async", async job =>
        {
            await TakeOverAsync();
            await job.Journal.RecordSubmittedAsync("up-42", EngineRig.Ct);
            return ScriptedProvider.Success;
        });
        var channel = _rig.Channel("async", async);
        var router = _rig.Router(_rig.Sandbox(), channel);

        var outcome = Assert.IsType<ProviderOutcome.Failed>(await GenerateAsync(router, await RunningAsync()));

        Assert.Equal(FailureCode.LeaseLost, outcome.Code);
        Assert.Equal((BreakerState.Closed, 0), (channel.Breaker.State, channel.Breaker.ConsecutiveFailures));
    }

    [Fact]
    public async Task Test_mode_tasks_are_drawn_by_the_sandbox_even_with_channels_configured()
    {
        var upstream = new ScriptedProvider("upstream", ScriptedProvider.Success);
        var router = _rig.Router(_rig.Sandbox(), _rig.Channel("upstream", upstream));
        await _rig.SubmitAsync(await _rig.NewCallerAsync(0, KeyMode.Test), price: 0);

        var outcome = Assert.IsType<ProviderOutcome.Succeeded>(await GenerateAsync(router, await _rig.ClaimAsync("node-a", Lease)));

        Assert.Empty(upstream.Calls);
        AssertSandboxPicture(outcome);
    }

    [Fact]
    public async Task With_no_channel_configured_every_task_is_drawn_by_the_sandbox()
    {
        var router = _rig.Router(_rig.Sandbox());

        var outcome = Assert.IsType<ProviderOutcome.Succeeded>(await GenerateAsync(router, await RunningAsync()));

        AssertSandboxPicture(outcome);
    }

    [Fact]
    public void A_request_no_channel_can_serve_is_refused_with_every_channels_reason()
    {
        var live = new Caller("acct", "key", KeyRole.Owner, KeyMode.Live);
        var refusing = _rig.Router(_rig.Sandbox(),
            _rig.Channel("a", new ScriptedProvider("a", ScriptedProvider.Success) { CannotServeReason = "medium quality only" }),
            _rig.Channel("b", new ScriptedProvider("b", ScriptedProvider.Success) { CannotServeReason = "no 4K" }));
        var editsOnly = _rig.Router(_rig.Sandbox(), _rig.Channel("e", new ScriptedProvider("e", ScriptedProvider.Success), models: [GenerationModels.EditName]));
        var mixed = _rig.Router(_rig.Sandbox(),
            _rig.Channel("a", new ScriptedProvider("a", ScriptedProvider.Success) { CannotServeReason = "medium quality only" }),
            _rig.Channel("b", new ScriptedProvider("b", ScriptedProvider.Success)));

        Assert.Equal("no channel can serve this request: medium quality only; no 4K", refusing.CannotServe(EngineRig.Request(), live));
        Assert.Equal("no channel on this server serves gpt-image-2", editsOnly.CannotServe(EngineRig.Request(), live));
        Assert.Null(mixed.CannotServe(EngineRig.Request(), live));
        Assert.Null(refusing.CannotServe(EngineRig.Request(), live with { Mode = KeyMode.Test }));
    }

    private void AssertSandboxPicture(ProviderOutcome.Succeeded outcome)
    {
        var image = Assert.Single(outcome.Images);
        Assert.Equal((OutputFormat.Png, 64, 48), (image.Key.Format, image.Width, image.Height));
        Assert.Equal(EngineRig.BlobsOf(image.Key, image.Thumbnail), _rig.StoredFiles());
    }

    /// <summary>Breaker opened by one failure (the tests' threshold) at the rig's clock.</summary>
    private static Channel Paused(Channel channel)
    {
        channel.Breaker.RecordFailure(null);
        Assert.Equal(BreakerState.Open, channel.Breaker.State);
        return channel;
    }

    private async Task<ClaimedTask> RunningAsync()
    {
        await _rig.SubmitAsync(await _rig.NewCallerAsync());
        return await _rig.ClaimAsync("node-a", Lease);
    }

    /// <summary>What node-b gets after node-a wrote <paramref name="mark"/> and died.</summary>
    private async Task<ClaimedTask> TakenOverAsync(UpstreamMark mark)
    {
        var first = await RunningAsync();
        Assert.True(await _rig.Store.MarkUpstreamAsync(first.Task.Id, "node-a", mark, EngineRig.Ct));
        var successor = await TakeOverAsync();
        Assert.Equal(mark, successor.Upstream);
        return successor;
    }

    /// <summary>node-a's lease runs out and node-b claims the task.</summary>
    private async Task<ClaimedTask> TakeOverAsync()
    {
        _rig.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        return await _rig.ClaimAsync("node-b", Lease);
    }

    private Task<ProviderOutcome> GenerateAsync(ChannelRouter router, ClaimedTask claim, string owner = "node-a") =>
        router.GenerateAsync(claim, owner, new BlobImageSink(_rig.Blobs), _rig.References, InputImageSources.None, EngineRig.Ct);
}
