using System.Text.RegularExpressions;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Easel.Server.Tests;

/// <summary>The request log, the audit log and webhook failure warnings, as a real Easel writes them.</summary>
public sealed partial class OperationsLogTests
{
    [Fact]
    public async Task Every_request_gets_one_line_with_its_route_template_status_and_key_id_but_never_the_path_it_was_called_on()
    {
        var sink = new CapturingLoggerProvider();
        await using var server = await EaselServer.StartAsync(configure: b => b.Logging.AddProvider(sink), settings: ("Logging:LogLevel:Default", "Information"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        var url = (await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!;
        using var anonymous = server.NewClient();
        using var file = await anonymous.GetAsync(url, TestContext.Current.CancellationToken);
        using var unknown = await anonymous.GetAsync("/api/no-such-route", TestContext.Current.CancellationToken);

        // A request's line is written once its answer has gone out, so a line may come just after the client has read it.
        foreach (var expected in new[]
        {
            $"POST /api/generate/submit answered 200 in # ms (key {tenant.KeyId})",
            $"GET /api/generate/status/{{taskId}} answered 200 in # ms (key {tenant.KeyId})",
            "GET /files/{name} answered 200 in # ms (key -)",
            "GET - answered 404 in # ms (key -)",
            "POST /admin/accounts answered 201 in # ms (key admin)",
        })
        {
            await WaitForLineAsync(sink, l => RequestLine(l) == expected);
        }
        Assert.DoesNotContain(sink.Lines, l => l.StartsWith("Easel.Requests", StringComparison.Ordinal) && l.Contains(taskId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_and_owner_changes_are_audit_lines_naming_the_actor_and_the_ids_but_no_secret_name_or_reason()
    {
        var sink = new CapturingLoggerProvider();
        await using var server = await EaselServer.StartAsync(configure: b => b.Logging.AddProvider(sink), settings: ("Logging:LogLevel:Default", "Information"));
        var tenant = await server.CreateTenantAsync(credits: 250);
        await EaselServer.SendAsync(server.Admin, HttpMethod.Patch, $"/admin/accounts/{tenant.AccountId}", "{\"requests_per_minute\":30}");
        var second = (await EaselServer.PostJsonAsync(tenant.Client, "/api/keys", new { name = "ci" })).GetProperty("data");
        var secondId = second.GetProperty("id").GetString()!;
        await EaselServer.SendAsync(tenant.Client, HttpMethod.Delete, $"/api/keys/{secondId}");
        await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/account/webhook-secret/rotate");

        var audit = sink.Lines.Where(l => l.StartsWith("Easel.Audit: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(audit, l => l.Contains($"admin created account {tenant.AccountId}", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"admin granted 250 credits to account {tenant.AccountId}, balance now 250", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"admin changed account {tenant.AccountId}'s settings", StringComparison.Ordinal) && l.Contains("requests per minute 30", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"admin created key {tenant.KeyId} (owner, live) on account {tenant.AccountId}", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"{tenant.KeyId} created key {secondId}", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"{tenant.KeyId} revoked key {secondId} on account {tenant.AccountId}", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"{tenant.KeyId} rotated the webhook secret of account {tenant.AccountId}", StringComparison.Ordinal));
        foreach (var secret in new[] { tenant.Key, second.GetProperty("key").GetString()!, EaselServer.AdminKey, "test grant", "tenant" })
        {
            Assert.DoesNotContain(audit, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_failed_webhook_attempt_is_a_warning_with_its_reason_and_the_receivers_host_only()
    {
        var sink = new CapturingLoggerProvider();
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(503));
        await using var server = await EaselServer.StartAsync(configure: b => b.Logging.AddProvider(sink), settings: ("Easel:Security:AllowPrivateNetworks", "true"));
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url("/hooks/token_receiverpathsecret")));
        await receiver.WaitForAsync(1);

        var warning = await WaitForLineAsync(sink, l => l.Contains($"for task {taskId}: attempt 1 to 127.0.0.1:{receiver.Port} failed: HTTP 503; now pending", StringComparison.Ordinal));
        Assert.StartsWith("Easel.Engine.Webhooks.WebhookSender: ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Lines, l => l.Contains("receiverpathsecret", StringComparison.Ordinal));
    }

    /// <summary>A request log line's message with its milliseconds replaced by <c>#</c>; null for other categories' lines.</summary>
    private static string? RequestLine(string line) =>
        line.StartsWith("Easel.Requests: ", StringComparison.Ordinal)
            ? Milliseconds().Replace(line["Easel.Requests: ".Length..(line.IndexOf(')', StringComparison.Ordinal) + 1)], "in # ms")
            : null;

    private static async Task<string> WaitForLineAsync(CapturingLoggerProvider sink, Func<string, bool> wanted)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (sink.Lines.FirstOrDefault(wanted) is { } line)
            {
                return line;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("the log line never came: " + string.Join('\n', sink.Lines));
    }

    [GeneratedRegex(@"in \d+(\.\d+)? ms")]
    private static partial Regex Milliseconds();
}
