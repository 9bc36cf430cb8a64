using Easel.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Easel.Server.Tests;

public sealed class LogHygieneTests
{
    [Fact]
    public async Task Logs_never_contain_keys_prompts_signed_urls_callback_urls_or_webhook_secrets()
    {
        var sink = new CapturingLoggerProvider();
        const string prompt = "a secret prompt about project nightingale";
        using var receiver = new ScriptedServer(_ => new ScriptedAnswer(200));
        var callback = receiver.Url("/hook/token_hooksecret123");
        await using var server = await EaselServer.StartAsync(
            configure: b => b.Logging.AddProvider(sink),
            settings: [("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"), ("Logging:LogLevel:Microsoft", "Trace"),
                ("Easel:Security:AllowPrivateNetworks", "true")]);
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: prompt, callbackUrl: callback));
        await receiver.WaitForAsync(1);
        var webhookSecret = (await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/account/webhook-secret")).Body.GetProperty("secret").GetString()!;
        var url = (await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!;
        using var anonymous = server.NewClient();
        await anonymous.GetAsync(url);
        await tenant.SubmitAsync("{\"model\":\"nope\"}");

        var lines = sink.Lines.ToList();
        Assert.Contains(lines, l => l.Contains(taskId, StringComparison.Ordinal)); // it did log the task
        var sig = url[(url.IndexOf("sig=", StringComparison.Ordinal) + 4)..];
        foreach (var secret in new[] { tenant.Key, EaselServer.AdminKey, prompt, "nightingale", sig, "hooksecret123", webhookSecret["whsec_".Length..] })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
