using System.Diagnostics;
using Easel.Client.Tests.Support;

namespace Easel.Client.Tests;

/// <summary>Waits, cancels and retries against a sandbox that takes 1.5 s a task, some through a proxy that injects faults.</summary>
public sealed class FaultTests(SlowEasel fixture) : IClassFixture<SlowEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsEvents(Microsoft.AspNetCore.Http.HttpRequest request) => request.Path.StartsWithSegments("/api/generate/events");

    [Fact]
    public async Task A_wait_resumes_after_its_event_stream_is_cut_and_sees_the_end()
    {
        await using var proxy = await FaultyProxy.StartAsync(fixture.Server.BaseAddress,
            (request, before) => IsEvents(request) && before == 0 ? Fault.CutAfterFirstEvent : Fault.None);
        var tenant = await fixture.Server.CreateTenantAsync();
        using var easel = fixture.ClientFor(tenant.Key, proxy.BaseAddress);
        var submitted = await easel.SubmitAsync(new ImageRequest("a red fox") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var updates = new List<ImageTaskStatus>();
        var task = await easel.WaitAsync(submitted.TaskId, new SynchronousProgress<ImageTaskStatus>(updates.Add), Ct);

        Assert.Equal(ImageTaskState.Succeeded, task.State);
        Assert.Single(task.Files);
        Assert.Equal(ImageTaskState.Succeeded, updates[^1].State);
        Assert.NotEqual(ImageTaskState.Succeeded, updates[0].State);
        Assert.True(proxy.Count("GET /api/generate/events/") >= 2, string.Join(", ", proxy.Requests));
    }

    [Fact]
    public async Task A_wait_falls_back_to_polling_where_a_proxy_will_not_carry_the_event_stream()
    {
        await using var proxy = await FaultyProxy.StartAsync(fixture.Server.BaseAddress,
            (request, _) => IsEvents(request) ? Fault.NotAnEventStream : Fault.None);
        var tenant = await fixture.Server.CreateTenantAsync();
        using var easel = fixture.ClientFor(tenant.Key, proxy.BaseAddress);

        var task = await easel.GenerateAsync(new ImageRequest("a grey heron") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        Assert.Equal(ImageTaskState.Succeeded, task.State);
        Assert.Equal(1, proxy.Count("GET /api/generate/events/"));
        Assert.True(proxy.Count("GET /api/generate/status/") >= 2, string.Join(", ", proxy.Requests));
    }

    [Fact]
    public async Task A_submit_whose_connection_is_reset_after_it_arrived_is_retried_into_one_task()
    {
        await using var proxy = await FaultyProxy.StartAsync(fixture.Server.BaseAddress,
            (request, before) => request.Path == "/api/generate/submit" && before == 0 ? Fault.ResetAfterForwarding : Fault.None);
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        using var easel = fixture.ClientFor(tenant.Key, proxy.BaseAddress);

        var task = await easel.GenerateAsync(new ImageRequest("a paper crane") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        Assert.Equal(2, proxy.Count("POST /api/generate/submit"));
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
        Assert.Equal(ImageTaskState.Succeeded, task.State);
        Assert.Equal(9, (await easel.Account.GetBalanceAsync(Ct)).Balance);
    }

    [Fact]
    public async Task Without_retries_the_reset_submit_surfaces_as_a_connection_error()
    {
        await using var proxy = await FaultyProxy.StartAsync(fixture.Server.BaseAddress,
            (request, before) => request.Path == "/api/generate/submit" && before == 0 ? Fault.ResetAfterForwarding : Fault.None);
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        using var easel = fixture.ClientFor(tenant.Key, proxy.BaseAddress, maxRetries: 0);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => easel.SubmitAsync(new ImageRequest("a paper crane"), cancellationToken: Ct));

        Assert.Equal(1, proxy.Count("POST /api/generate/submit"));
    }

    [Fact]
    public async Task WatchAsync_reports_the_task_running_before_it_ends()
    {
        var (easel, _) = await fixture.ClientAsync();
        var submitted = await easel.SubmitAsync(new ImageRequest("a windmill") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var states = await easel.WatchAsync(submitted.TaskId, Ct).Select(s => s.State).ToListAsync(Ct);

        Assert.Contains(ImageTaskState.Running, states);
        Assert.Equal(ImageTaskState.Succeeded, states[^1]);
    }

    [Fact]
    public async Task CancelAsync_cancels_a_running_task_at_no_charge_and_a_second_cancel_is_a_conflict()
    {
        var (easel, _) = await fixture.ClientAsync(credits: 20);
        var submitted = await easel.SubmitAsync(new ImageRequest("a slow sunrise") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var canceled = await easel.CancelAsync(submitted.TaskId, Ct);
        var again = await Assert.ThrowsAsync<EaselConflictException>(() => easel.CancelAsync(submitted.TaskId, Ct));
        var task = await easel.WaitAsync(submitted.TaskId, cancellationToken: Ct);

        Assert.Equal((ImageTaskState.Canceled, "canceled"), (canceled.State, canceled.ErrorMessage));
        Assert.Contains("already ended", again.Message, StringComparison.Ordinal);
        Assert.Equal(ImageTaskState.Canceled, task.State);
        Assert.Equal(20, (await easel.Account.GetBalanceAsync(Ct)).Available);
    }

    [Fact]
    public async Task A_429_with_a_short_Retry_After_is_waited_out_and_the_submit_then_succeeds()
    {
        using var easel = await fixture.ClientWithKeyAsync(new NewApiKey { Name = "one at a time", MaxConcurrentTasks = 1 });
        await easel.SubmitAsync(new ImageRequest("first") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var clock = Stopwatch.StartNew();
        var second = await easel.SubmitAsync(new ImageRequest("second") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed}: the 5 s Retry-After was not honoured");
        Assert.Equal(ImageTaskState.Queued, second.State);
    }

    [Fact]
    public async Task A_429_whose_Retry_After_is_beyond_the_limit_is_thrown_at_once_with_it()
    {
        using var easel = await fixture.ClientWithKeyAsync(new NewApiKey { Name = "one credit a day", DailySpendLimit = 1 });
        await easel.SubmitAsync(new ImageRequest("first") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EaselRateLimitedException>(() => easel.SubmitAsync(new ImageRequest("second") { Quality = ImageQuality.Low }, cancellationToken: Ct));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"thrown after {clock.Elapsed}: the Retry-After of hours was waited on");
        Assert.True(error.RetryAfter > TimeSpan.FromSeconds(30), $"Retry-After {error.RetryAfter}");
        Assert.Contains("daily spend limit", error.Message, StringComparison.Ordinal);
    }
}
