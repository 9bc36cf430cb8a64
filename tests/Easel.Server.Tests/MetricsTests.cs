using System.Net;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.Options;

namespace Easel.Server.Tests;

/// <summary><c>/metrics</c> scraped over HTTP from a real Easel and parsed as Prometheus text.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task A_sandbox_task_moves_the_task_credit_storage_and_upstream_series_and_no_label_holds_a_secret()
    {
        const string prompt = "a confidential prompt about project quillfeather";
        // Every host in this test process shares the "Easel" meter's name, so other tests' tasks may move the unlabelled series;
        // a channel only this host has makes the channel's series this task's alone.
        const string channel = "metricsprobe";
        await using var server = await EaselServer.StartAsync(settings: ($"Easel:Channels:{channel}:Type", "sandbox"));
        var tenant = await server.CreateTenantAsync();
        using var scraper = server.NewClient();
        var before = await ScrapeAsync(scraper);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: prompt));
        Assert.Equal("finished", (await tenant.WaitEndAsync(taskId)).GetProperty("status").GetString());
        var text = await scraper.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var after = PrometheusText.Parse(text);

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.True(Moved("easel_tasks_submitted_total", ("dialect", "unified"), ("model", "gpt-image-2")) >= 1);
        Assert.Equal(1, Moved("easel_tasks_ended_total", ("dialect", "unified"), ("model", "gpt-image-2"), ("state", "succeeded"), ("channel", channel)));
        Assert.True(Moved("easel_credits_reserved_total") > 0);
        Assert.True(Moved("easel_credits_captured_total") > 0);
        Assert.True(Moved("easel_stored_bytes_total", ("kind", "image")) > 0);
        Assert.Equal(1, Moved("easel_upstream_calls_total", ("channel", channel), ("outcome", "succeeded")));
        Assert.Equal(1, Moved("easel_upstream_duration_seconds_count", ("channel", channel)));
        Assert.True(Moved("easel_task_queued_duration_seconds_count", ("model", "gpt-image-2")) >= 1);
        Assert.True(Moved("easel_task_duration_seconds_count", ("state", "succeeded")) >= 1);
        Assert.Contains(after, s => s.Name == "easel_tasks_queued");
        Assert.Contains(after, s => s.Name == "easel_tasks_running");
        Assert.Contains(after, s => s.Name == "easel_webhooks_pending");
        // The framework's own request metrics, by route template.
        Assert.Contains(after, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/api/generate/submit");

        foreach (var secret in new[] { tenant.Key, EaselServer.AdminKey, prompt, "quillfeather", tenant.AccountId, tenant.KeyId, taskId })
        {
            Assert.DoesNotContain(after, s => s.Labels.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Admin_access_answers_only_the_admin_key()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Metrics:Access", "admin"));
        var tenant = await server.CreateTenantAsync();
        using var anonymous = server.NewClient();
        using var refusedAnonymous = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var refusedTenant = await tenant.Client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var allowed = await server.Admin.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedTenant.StatusCode);
        Assert.DoesNotContain("easel_", await refusedTenant.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains(PrometheusText.Parse(await allowed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), s => s.Name == "easel_tasks_queued");
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    public async Task On_loopback_access_a_request_a_local_proxy_forwarded_is_refused(string header, string value)
    {
        await using var server = await EaselServer.StartAsync();
        using var proxied = server.NewClient();
        proxied.DefaultRequestHeaders.Add(header, value);

        using var refused = await proxied.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var direct = await server.NewClient().GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task An_unknown_access_setting_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => EaselServer.StartAsync(settings: ("Easel:Metrics:Access", "public")));
        Assert.Contains("Easel:Metrics:Access", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_route_is_not_in_the_OpenAPI_document()
    {
        await using var server = await EaselServer.StartAsync();
        using var client = server.NewClient();
        var document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("\"/metrics\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/generate/submit\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_request_spans_are_exported_carrying_route_templates_and_never_a_signed_URL()
    {
        using var collector = new ScriptedServer(_ => new ScriptedAnswer(200));
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Otlp:Endpoint", collector.Url("")), ("Easel:Otlp:Protocol", "http/protobuf")]);
        var tenant = await server.CreateTenantAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        var url = (await tenant.WaitEndAsync(taskId)).GetProperty("files")[0].GetProperty("file_url").GetString()!;
        using var anonymous = server.NewClient();
        using var file = await anonymous.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);

        var spans = await WaitForSpanAsync(collector, "/files/{name}");
        var text = System.Text.Encoding.UTF8.GetString(spans.Body);
        Assert.Equal("application/x-protobuf", spans.Headers["Content-Type"]);
        Assert.DoesNotContain(url[(url.IndexOf("sig=", StringComparison.Ordinal) + 4)..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Key, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_OTLP_endpoint_that_is_not_a_URL_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => EaselServer.StartAsync(settings: ("Easel:Otlp:Endpoint", "collector:4317")));
        Assert.Contains("Easel:Otlp:Endpoint", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The first trace export that holds a span for <paramref name="route"/> (the SDK sends a batch every 5 s).</summary>
    private static async Task<ReceivedRequest> WaitForSpanAsync(ScriptedServer collector, string route)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            var export = collector.Received.FirstOrDefault(r => r.Path == "/v1/traces" && System.Text.Encoding.UTF8.GetString(r.Body).Contains(route, StringComparison.Ordinal));
            if (export is not null)
            {
                return export;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"no span for {route} reached the collector; it got: {string.Join(", ", collector.Received.Select(r => r.Path))}");
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
