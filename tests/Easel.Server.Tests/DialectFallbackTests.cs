using System.Net;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>An unknown route or a wrong method answers in the shape of the dialect whose prefix was called, never an empty body.</summary>
public sealed class DialectFallbackTests : IAsyncLifetime
{
    private EaselServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EaselServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/no-such-route", "native")]
    [InlineData("GET", "/api/generate/status", "native")]
    [InlineData("GET", "/admin/no-such-route", "native")]
    [InlineData("GET", "/v1/no-such-route", "openai")]
    [InlineData("GET", "/api/images/no-such-route", "yycode")]
    [InlineData("GET", "/api/jobs/job_x/more", "yycode")]
    [InlineData("GET", "/api/generate/job_x/more", "native")]
    [InlineData("GET", "/files/a/b", "files")]
    public async Task An_unknown_route_answers_404_in_its_dialects_shape(string method, string path, string dialect)
    {
        var (status, body, _) = await SendAsync(method, path);

        Assert.Equal(404, status);
        AssertShape(dialect, 404, body);
    }

    [Theory]
    [InlineData("GET", "/api/generate/submit", "native", "POST")]
    [InlineData("DELETE", "/api/generate/status/task_x", "native", "GET")]
    [InlineData("POST", "/api/account", "native", "GET")]
    [InlineData("PUT", "/admin/accounts", "native", "GET, POST")]
    [InlineData("GET", "/api/generate", "gptimage2ai", "POST")]
    [InlineData("POST", "/api/generate/job_x", "gptimage2ai", "GET")]
    [InlineData("GET", "/api/images/generate", "yycode", "POST")]
    [InlineData("POST", "/api/jobs/job_x", "yycode", "GET")]
    [InlineData("GET", "/v1/images/generations", "openai", "POST")]
    [InlineData("POST", "/files/f.png", "files", "GET")]
    public async Task A_wrong_method_answers_405_in_its_dialects_shape_with_allow(string method, string path, string dialect, string allow)
    {
        var (status, body, allowed) = await SendAsync(method, path);

        Assert.Equal(405, status);
        AssertShape(dialect, 405, body);
        Assert.Equal(allow.Split(", ").Order(), allowed.Order());
    }

    [Fact]
    public async Task A_gptimage2ai_poll_still_answers_its_own_not_found()
    {
        var tenant = await _server.CreateTenantAsync();

        using var response = await tenant.Client.GetAsync("/api/generate/job_nope", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("not_found", body.GetProperty("error").GetString());
    }

    private async Task<(int Status, JsonElement Body, IReadOnlyList<string> Allow)> SendAsync(string method, string path)
    {
        using var client = _server.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var allow = response.Content.Headers.Allow.SelectMany(a => a.Split(',', StringSplitOptions.TrimEntries)).ToList();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), allow);
    }

    /// <summary>Each dialect's own error body, and none of the others'.</summary>
    private static void AssertShape(string dialect, int status, JsonElement body)
    {
        switch (dialect)
        {
            case "native":
                Assert.Equal(status, body.GetProperty("code").GetInt32());
                Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
                Assert.Equal(status == 404 ? "not_found_error" : "invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
                break;
            case "openai":
                var error = body.GetProperty("error");
                Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
                Assert.Equal(status == 404 ? "not_found" : "method_not_allowed", error.GetProperty("code").GetString());
                Assert.False(body.TryGetProperty("code", out _));
                break;
            case "yycode":
                Assert.False(body.GetProperty("ok").GetBoolean());
                Assert.Equal(status == 404 ? "not_found" : "method_not_allowed", body.GetProperty("error").GetProperty("code").GetString());
                break;
            case "gptimage2ai":
                Assert.Equal(status == 404 ? "not_found" : "method_not_allowed", body.GetProperty("error").GetString());
                Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
                break;
            default:
                Assert.Equal(JsonValueKind.String, body.GetProperty("error").GetProperty("message").ValueKind);
                Assert.Single(body.EnumerateObject());
                break;
        }
    }
}
