using System.Collections.Concurrent;
using Easel.Client;
using Easel.Engine.Tests.Support;
using Easel.Engine.Unified;
using Easel.Engine.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Easel.Engine.Tests;

/// <summary>The real sender on the real outbox, posting to a receiver on loopback.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string SubmitBase = "https://easel.test";
    private readonly ConcurrentQueue<(Dictionary<string, string> Headers, byte[] Body)> _received = new();
    private readonly FileUrls _urls = new(FileUrlsTests.Key);
    private WebApplication _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray()));
            return Results.NoContent();
        });
        await _receiver.StartAsync(EngineRig.Ct);
    }

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_ended_task_is_posted_as_its_status_body_with_links_on_its_submit_base_and_signed_with_the_accounts_secret()
    {
        await using var rig = await EngineRig.StartAsync();
        var (task, accountId) = await FinishedTaskWithCallbackAsync(rig);

        var (headers, body) = await DeliverOneAsync(rig, task.Id);

        Assert.Equal(UnifiedStatusBody.Render(task, _urls, SubmitBase), body);
        var delivery = await rig.Store.GetWebhookDeliveryAsync(task.Id, EngineRig.Ct);
        Assert.Equal((WebhookStates.Delivered, delivery!.Id), (delivery.State, headers["webhook-id"]));
        Assert.Equal(rig.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headers["webhook-timestamp"]);
        var secret = (await rig.Store.GetWebhookSecretsAsync(accountId, EngineRig.Ct)).Current;
        new WebhookVerifier(secret, rig.Clock).Verify(body, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"]);
    }

    [Fact]
    public async Task A_configured_public_base_url_wins_over_the_submit_base()
    {
        await using var rig = await EngineRig.StartAsync(o => o.PublicBaseUrl = "https://cdn.example/");
        var (task, _) = await FinishedTaskWithCallbackAsync(rig);

        var (_, body) = await DeliverOneAsync(rig, task.Id);

        Assert.Equal(UnifiedStatusBody.Render(task, _urls, "https://cdn.example"), body);
    }

    private async Task<(TaskRecord Task, string AccountId)> FinishedTaskWithCallbackAsync(EngineRig rig)
    {
        var caller = await rig.NewCallerAsync();
        var request = EngineRig.Request() with { CallbackUrl = new Uri(_receiver.Urls.First() + "/hook").ToString() };
        var submitted = await rig.SubmitAsync(caller, request: request, fileBase: SubmitBase);
        await rig.Runner(rig.Router(rig.Sandbox())).RunAsync(await rig.ClaimAsync("node-a", TimeSpan.FromMinutes(1)), "node-a", EngineRig.Ct);
        var task = await rig.TaskAsync(submitted.Id);
        Assert.Equal(TaskState.Succeeded, task.State);
        return (task, caller.AccountId);
    }

    private async Task<(Dictionary<string, string> Headers, byte[] Body)> DeliverOneAsync(EngineRig rig, string taskId)
    {
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        using var sender = new WebhookSender(rig.Store, _urls, services.GetRequiredService<IHttpClientFactory>(), rig.Signals, rig.Metrics,
            Microsoft.Extensions.Options.Options.Create(rig.Options), rig.Clock, NullLogger<WebhookSender>.Instance);
        await sender.StartAsync(EngineRig.Ct);
        await EngineRig.EventuallyAsync(async () => (await rig.Store.GetWebhookDeliveryAsync(taskId, EngineRig.Ct))?.Attempts == 1, "the attempt to be recorded");
        await sender.StopAsync(EngineRig.Ct);
        return Assert.Single(_received);
    }
}
