using System.Text.Json;
using Easel.Client;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

public sealed class WebhookTests
{
    private static readonly (string, string) PrivateNetworks = ("Easel:Security:AllowPrivateNetworks", "true");

    [Fact]
    public async Task A_finished_task_posts_its_status_body_signed_with_the_account_secret()
    {
        using var receiver = new ScriptedServer();
        await using var server = await EaselServer.StartAsync(settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var hook = (await receiver.WaitForAsync(1))[0];

        Assert.Equal("POST", hook.Method);
        Assert.Equal("/hook", hook.Path);
        Assert.StartsWith("application/json", hook.Headers["content-type"], StringComparison.Ordinal);
        var (_, status, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/status/{taskId}");
        Assert.Equal(status.GetRawText(), JsonDocument.Parse(hook.Body).RootElement.GetRawText());
        Assert.Equal("finished", JsonDocument.Parse(hook.Body).RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.StartsWith("msg_", hook.Headers["webhook-id"], StringComparison.Ordinal);
        new WebhookVerifier(await SecretAsync(tenant)).Verify(hook.Body, hook.Headers["webhook-id"], hook.Headers["webhook-timestamp"], hook.Headers["webhook-signature"]);
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier("whsec_" + Convert.ToBase64String(new byte[32]))
            .Verify(hook.Body, hook.Headers["webhook-id"], hook.Headers["webhook-timestamp"], hook.Headers["webhook-signature"]));

        var delivery = await DeliveryAsync(tenant, taskId, "delivered");
        Assert.Equal(hook.Headers["webhook-id"], delivery.GetProperty("webhook_id").GetString());
        Assert.Equal(200, delivery.GetProperty("history")[0].GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_on_the_schedule_with_the_same_webhook_id_until_it_answers()
    {
        var clock = new ManualClock();
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(503));
        await using var server = await EaselServer.StartAsync(clock, settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        await receiver.WaitForAsync(1);
        await Task.Delay(300);
        Assert.Single(receiver.Received);

        clock.Advance(TimeSpan.FromSeconds(5));
        await receiver.WaitForAsync(2);
        receiver.Script = _ => new ScriptedAnswer(429);
        clock.Advance(TimeSpan.FromSeconds(299));
        await Task.Delay(300);
        Assert.Equal(2, receiver.Received.Count);
        clock.Advance(TimeSpan.FromSeconds(1));
        await receiver.WaitForAsync(3);
        receiver.Script = _ => new ScriptedAnswer(204);
        clock.Advance(TimeSpan.FromMinutes(30));
        await receiver.WaitForAsync(4);

        var delivery = await DeliveryAsync(tenant, taskId, "delivered");
        Assert.Equal([503, 503, 429, 204], delivery.GetProperty("history").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Single(receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct());
        var verifier = new WebhookVerifier(await SecretAsync(tenant), clock);
        var last = receiver.Received[^1];
        verifier.Verify(last.Body, last.Headers["webhook-id"], last.Headers["webhook-timestamp"], last.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task A_410_stops_the_retries()
    {
        var clock = new ManualClock();
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(410));
        await using var server = await EaselServer.StartAsync(clock, settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var delivery = await DeliveryAsync(tenant, taskId, "failed");
        clock.Advance(TimeSpan.FromDays(3));
        await Task.Delay(500);

        Assert.Single(receiver.Received);
        Assert.Contains("410", delivery.GetProperty("history")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        using var receiver = new ScriptedServer(r => r.Path == "/hook" ? new ScriptedAnswer(307, Location: "/elsewhere") : new ScriptedAnswer(200));
        await using var server = await EaselServer.StartAsync(settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var delivery = await DeliveryAsync(tenant, taskId, "failed");

        Assert.DoesNotContain(receiver.Received, r => r.Path == "/elsewhere");
        Assert.Contains("redirects are not followed", delivery.GetProperty("history")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_hangs_times_out_and_is_retried_later()
    {
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(200, Delay: TimeSpan.FromSeconds(30)));
        await using var server = await EaselServer.StartAsync(settings: [PrivateNetworks, ("Easel:Webhooks:TimeoutSeconds", "1")]);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var delivery = await tenant.WaitWebhookAsync(taskId, d => d.GetProperty("attempts").GetInt32() == 1);

        Assert.Equal("pending", delivery.GetProperty("state").GetString());
        Assert.Equal("no answer within 1 s", delivery.GetProperty("history")[0].GetProperty("error").GetString());
        Assert.NotNull(delivery.GetProperty("next_attempt_at").GetString());
    }

    [Fact]
    public async Task Failed_and_canceled_tasks_are_delivered_too()
    {
        using var receiver = new ScriptedServer();
        await using var server = await EaselServer.StartAsync(settings: [PrivateNetworks, ("Easel:Sandbox:LatencyMs", "60000")]);
        var tenant = await server.CreateTenantAsync();

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{taskId}");
        var hook = (await receiver.WaitForAsync(1))[0];

        var data = JsonDocument.Parse(hook.Body).RootElement.GetProperty("data");
        Assert.Equal(("failed", "canceled"), (data.GetProperty("status").GetString(), data.GetProperty("error_message").GetString()));
    }

    [Fact]
    public async Task Redelivery_by_hand_sends_the_same_message_again()
    {
        using var receiver = new ScriptedServer();
        await using var server = await EaselServer.StartAsync(settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        await DeliveryAsync(tenant, taskId, "delivered");

        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/tasks/{taskId}/webhooks/redeliver");
        Assert.Equal(200, status);
        var twice = await receiver.WaitForAsync(2);

        Assert.Equal(twice[0].Headers["webhook-id"], twice[1].Headers["webhook-id"]);
        Assert.Equal(twice[0].Body, twice[1].Body);
        Assert.Equal(2, (await DeliveryAsync(tenant, taskId, "delivered")).GetProperty("attempts").GetInt32());
        Assert.Equal(taskId, body.GetProperty("data").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Redelivery_is_refused_for_tasks_without_callback_unended_or_of_another_account()
    {
        await using var server = await EaselServer.StartAsync(settings: [PrivateNetworks, ("Easel:Sandbox:LatencyMs", "60000")]);
        var tenant = await server.CreateTenantAsync();
        var stranger = await server.CreateTenantAsync();
        using var receiver = new ScriptedServer();
        var plain = await tenant.SubmitOkAsync(Tenant.Submit());
        var running = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));

        var (noCallback, a, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/tasks/{plain}/webhooks/redeliver");
        var (notEnded, b, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/tasks/{running}/webhooks/redeliver");
        var (foreign, c, _) = await EaselServer.SendAsync(stranger.Client, HttpMethod.Post, $"/api/generate/tasks/{running}/webhooks/redeliver");
        var (foreignList, d, _) = await EaselServer.SendAsync(stranger.Client, HttpMethod.Get, $"/api/generate/tasks/{running}/webhooks");

        EnvelopeAssert.Error("no callback", noCallback, a, 400, "invalid_request_error", "no callback_url");
        EnvelopeAssert.Error("not ended", notEnded, b, 409, "conflict_error", "not ended");
        EnvelopeAssert.Error("foreign", foreign, c, 404, "not_found_error", "no such task");
        EnvelopeAssert.Error("foreign list", foreignList, d, 404, "not_found_error", "no webhook");
    }

    [Fact]
    public async Task After_rotation_both_secrets_sign_during_the_grace_period_and_only_the_new_one_after()
    {
        var clock = new ManualClock();
        using var receiver = new ScriptedServer();
        await using var server = await EaselServer.StartAsync(clock, settings: PrivateNetworks);
        var tenant = await server.CreateTenantAsync();
        var old = await SecretAsync(tenant);

        var (status, rotated, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/account/webhook-secret/rotate");
        Assert.Equal(200, status);
        var fresh = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(old, fresh);
        Assert.Equal(fresh, await SecretAsync(tenant));
        await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var during = (await receiver.WaitForAsync(1))[0];

        Assert.Equal(2, during.Headers["webhook-signature"].Split(' ').Length);
        foreach (var secret in new[] { old, fresh })
        {
            new WebhookVerifier(secret, clock).Verify(during.Body, during.Headers["webhook-id"], during.Headers["webhook-timestamp"], during.Headers["webhook-signature"]);
        }

        clock.Advance(TimeSpan.FromHours(25));
        await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
        var after = (await receiver.WaitForAsync(2))[1];
        new WebhookVerifier(fresh, clock).Verify(after.Body, after.Headers["webhook-id"], after.Headers["webhook-timestamp"], after.Headers["webhook-signature"]);
        Assert.Throws<WebhookVerificationException>(() =>
            new WebhookVerifier(old, clock).Verify(after.Body, after.Headers["webhook-id"], after.Headers["webhook-timestamp"], after.Headers["webhook-signature"]));
    }

    [Fact]
    public async Task A_member_key_reads_the_secret_but_may_not_rotate_it()
    {
        await using var server = await EaselServer.StartAsync();
        var member = await server.CreateTenantAsync(role: "member");

        Assert.StartsWith("whsec_", await SecretAsync(member), StringComparison.Ordinal);
        var (status, body, _) = await EaselServer.SendAsync(member.Client, HttpMethod.Post, "/api/account/webhook-secret/rotate");

        EnvelopeAssert.Error("member rotate", status, body, 403, "permission_error", "owner key");
    }

    [Fact]
    public async Task A_delivery_survives_a_killed_process_and_is_sent_after_restart()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(503));
        (string, string)[] settings = [PrivateNetworks, ("Easel:Engine:PollMilliseconds", "100"), ("Easel:Webhooks:RetryDelaysSeconds:0", "2")];
        string key;
        string taskId;
        using (var doomed = await EaselProcess.StartAsync(dataDir, settings))
        {
            using var admin = Client(doomed.BaseAddress, EaselServer.AdminKey);
            var accountId = (await EaselServer.PostJsonAsync(admin, "/admin/accounts", new { name = "crash" })).GetProperty("id").GetString()!;
            await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/credits", new { amount = 100, reason = "test" });
            key = (await EaselServer.PostJsonAsync(admin, $"/admin/accounts/{accountId}/keys", new { name = "k" })).GetProperty("key").GetString()!;
            var tenant = new Tenant(accountId, "", key, Client(doomed.BaseAddress, key));
            taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));
            await tenant.WaitWebhookAsync(taskId, d => d.GetProperty("attempts").GetInt32() == 1);

            doomed.Kill();
        }
        receiver.Script = _ => new ScriptedAnswer(200);

        using var successor = await EaselProcess.StartAsync(dataDir, settings);
        var resumed = new Tenant("", "", key, Client(successor.BaseAddress, key));
        var delivery = await DeliveryAsync(resumed, taskId, "delivered");

        var webhookId = delivery.GetProperty("webhook_id").GetString();
        Assert.Equal(2, receiver.Received.Count(r => r.Headers["webhook-id"] == webhookId));
        Assert.Equal([503, 200], delivery.GetProperty("history").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal("finished", JsonDocument.Parse(receiver.Received[^1].Body).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    private static async Task<string> SecretAsync(Tenant tenant)
    {
        var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/account/webhook-secret");
        Assert.True(status == 200, $"webhook-secret answered {status}: {body}");
        return body.GetProperty("secret").GetString()!;
    }

    internal static Task<JsonElement> DeliveryAsync(Tenant tenant, string taskId, string state) =>
        tenant.WaitWebhookAsync(taskId, d => d.GetProperty("state").GetString() == state);


    private static HttpClient Client(Uri baseAddress, string bearer)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
