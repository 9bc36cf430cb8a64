using Easel.FakeUpstreams;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.Options;

namespace Easel.Server.Tests;

public sealed class RoutingTests
{
    [Fact]
    public async Task A_retryable_failure_fails_over_to_the_next_channel_and_charges_once()
    {
        await using var broken = await FakeUpstream.StartAsync();
        await using var healthy = await FakeUpstream.StartAsync();
        broken.Fault = Fault.ServerError;
        await using var server = await EaselServer.StartAsync(settings: [.. UpstreamChannels.Of("first", "openai", broken.BaseAddress, 0), .. UpstreamChannels.Of("second", "openai", healthy.BaseAddress, 1)]);
        var tenant = await server.CreateTenantAsync(100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "low"));
        var status = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", status.GetProperty("status").GetString());
        Assert.Equal((1, 1), (broken.Submits, healthy.Submits));
        var file = await tenant.Client.GetByteArrayAsync(status.GetProperty("files")[0].GetProperty("file_url").GetString(), TestContext.Current.CancellationToken);
        Assert.Equal(healthy.Image, file);
        Assert.Equal([("reserve", 1L), ("capture", 1L)], await UpstreamChannels.TaskLedgerAsync(server, tenant.AccountId, taskId));
        Assert.Equal(1, (await UpstreamChannels.AdminChannelAsync(server, "first")).GetProperty("consecutive_failures").GetInt32());
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_closes_after_a_successful_trial()
    {
        var clock = new ManualClock();
        await using var flaky = await FakeUpstream.StartAsync();
        await using var backup = await FakeUpstream.StartAsync();
        flaky.Fault = Fault.ServerError;
        await using var server = await EaselServer.StartAsync(clock, settings:
            [.. UpstreamChannels.Of("flaky", "openai", flaky.BaseAddress, 0), .. UpstreamChannels.Of("backup", "openai", backup.BaseAddress, 1),
             ("Easel:Routing:BreakerFailures", "2"), ("Easel:Routing:BreakerSeconds", "30")]);
        var tenant = await server.CreateTenantAsync(100);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("finished", (await tenant.WaitEndAsync(await tenant.SubmitOkAsync(Tenant.Submit()))).GetProperty("status").GetString());
        }
        var opened = await UpstreamChannels.AdminChannelAsync(server, "flaky");
        Assert.Equal((2, 3), (flaky.Submits, backup.Submits));
        Assert.Equal(("open", false), (opened.GetProperty("breaker").GetString(), opened.GetProperty("healthy").GetBoolean()));

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("half_open", (await UpstreamChannels.AdminChannelAsync(server, "flaky")).GetProperty("breaker").GetString());
        flaky.Fault = Fault.None;
        await tenant.WaitEndAsync(await tenant.SubmitOkAsync(Tenant.Submit()));

        Assert.Equal((3, 3), (flaky.Submits, backup.Submits));
        var closed = await UpstreamChannels.AdminChannelAsync(server, "flaky");
        Assert.Equal(("closed", true, 0), (closed.GetProperty("breaker").GetString(), closed.GetProperty("healthy").GetBoolean(), closed.GetProperty("consecutive_failures").GetInt32()));
    }

    [Fact]
    public async Task A_moderation_block_fails_the_task_with_the_upstreams_message_and_refunds()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var spare = await FakeUpstream.StartAsync();
        upstream.Fault = Fault.Moderation;
        await using var server = await EaselServer.StartAsync(settings: [.. UpstreamChannels.Of("main", "openai", upstream.BaseAddress, 0), .. UpstreamChannels.Of("spare", "openai", spare.BaseAddress, 1)]);
        var tenant = await server.CreateTenantAsync(100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(quality: "high"));
        var status = await tenant.WaitEndAsync(taskId);

        Assert.Equal(("failed", FakeUpstream.ModerationMessage), (status.GetProperty("status").GetString(), status.GetProperty("error_message").GetString()));
        Assert.Equal(0, spare.Submits);
        Assert.Equal([("reserve", 12L), ("release", 12L)], await UpstreamChannels.TaskLedgerAsync(server, tenant.AccountId, taskId));
        Assert.Equal(100, (await server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_request_no_channel_can_express_is_a_400_at_submit_and_moves_no_money()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await EaselServer.StartAsync(settings: UpstreamChannels.Of("g2", "gptimage2ai", upstream.BaseAddress));
        var tenant = await server.CreateTenantAsync(100);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(quality: "high"));

        Assert.Equal(400, status);
        Assert.Contains("medium quality only", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await server.AccountAsync(tenant.AccountId)).GetProperty("reserved").GetInt64());
        Assert.Equal(0, upstream.Submits);
    }

    [Fact]
    public async Task With_only_OPENAI_API_KEY_set_generations_go_to_OpenAI_and_test_keys_stay_on_the_sandbox()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await EaselServer.StartAsync(settings: [("OPENAI_API_KEY", FakeUpstream.Key), ("OPENAI_BASE_URL", new Uri(upstream.BaseAddress, "/v1").ToString())]);
        var live = await server.CreateTenantAsync(100);
        var test = await server.CreateTenantAsync(0, mode: "test");

        await live.WaitEndAsync(await live.SubmitOkAsync(Tenant.Submit()));
        Assert.Equal("finished", (await test.WaitEndAsync(await test.SubmitOkAsync(Tenant.Submit()))).GetProperty("status").GetString());

        Assert.Equal(1, upstream.Submits);
        Assert.Equal("openai", (await UpstreamChannels.AdminChannelAsync(server, "openai")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_misconfigured_channel_stops_start_up_with_a_clear_message()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => EaselServer.StartAsync(settings:
            [("Easel:Channels:main:Type", "poyo"), ("Easel:Channels:other:Type", "unified"), ("Easel:Channels:other:BaseUrl", "ftp://x")]));

        Assert.Contains("Easel:Channels:main:Type must be one of openai, unified, gptimage2ai, yycode, sandbox (got 'poyo')", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Easel:Channels:other:BaseUrl must be an absolute http or https URL", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Easel:Channels:other:ApiKey is required", failure.Message, StringComparison.Ordinal);
    }
}
