using System.Text;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>One server for every refusal case: each runs against the same untouched tenant.</summary>
public sealed class BadInputServer : IAsyncLifetime
{
    public const long Granted = 100;

    public EaselServer Server { get; private set; } = null!;

    /// <summary>The tenant every refused request is sent as; it must never change.</summary>
    public Tenant Tenant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await EaselServer.StartAsync();
        Tenant = await Server.CreateTenantAsync(credits: Granted);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

public sealed class BadInputTests(BadInputServer fixture) : IClassFixture<BadInputServer>
{
    private const string Ok = """{"model":"gpt-image-2","input":{"prompt":"a red fox","quality":"low","size":"1:1","resolution":"1K"}}""";

    private static string Body(string model = "gpt-image-2", string input = """{"prompt":"a red fox","quality":"low"}""", string? extra = null) =>
        $$"""{"model":"{{model}}",{{extra}}"input":{{input}}}""";

    private static string Urls(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"https://example.com/{i}.png\"")) + "]";

    /// <summary>case → (body, content type, status, message fragment); every one must be refused and change nothing.</summary>
    private static readonly Dictionary<string, (string Body, string ContentType, int Status, string Message)> Cases = new()
    {
        ["missing prompt"] = (Body(input: """{"quality":"low"}"""), "application/json", 400, "prompt is required"),
        ["blank prompt"] = (Body(input: """{"prompt":"   "}"""), "application/json", 400, "prompt is required"),
        ["prompt of 32001 chars"] = (Body(input: JsonSerializer.Serialize(new { prompt = new string('a', 32_001) })), "application/json", 400, "32000"),
        ["missing model"] = ("""{"input":{"prompt":"a red fox"}}""", "application/json", 400, "model is required"),
        ["unknown model gpt-image-3"] = (Body(model: "gpt-image-3"), "application/json", 400, "gpt-image-3"),
        ["image_urls on gpt-image-2"] = (Body(input: $$"""{"prompt":"a fox","image_urls":{{Urls(1)}}}"""), "application/json", 400, "image_urls"),
        ["edit without image_urls"] = (Body(model: "gpt-image-2-edit"), "application/json", 400, "image_urls is required"),
        ["edit with 17 image_urls"] = (Body(model: "gpt-image-2-edit", input: $$"""{"prompt":"a fox","image_urls":{{Urls(17)}}}"""), "application/json", 400, "16"),
        ["image_urls entry ftp://"] = (Body(model: "gpt-image-2-edit", input: """{"prompt":"a fox","image_urls":["ftp://x/y.png"]}"""), "application/json", 400, "http"),
        ["input.n = 1"] = (Body(input: """{"prompt":"a fox","n":1}"""), "application/json", 400, "input.n"),
        ["size 17:9"] = (Body(input: """{"prompt":"a fox","size":"17:9"}"""), "application/json", 400, "input.size"),
        ["size 1000x1000 at 2K"] = (Body(input: """{"prompt":"a fox","size":"1000x1000","resolution":"2K"}"""), "application/json", 400, "multiples of 16"),
        ["size 2048x2048 at 1K"] = (Body(input: """{"prompt":"a fox","size":"2048x2048","resolution":"1K"}"""), "application/json", 400, "2K or 4K"),
        ["size 2048x2048 with no resolution"] = (Body(input: """{"prompt":"a fox","size":"2048x2048"}"""), "application/json", 400, "2K or 4K"),
        ["size 4096x2048 at 4K"] = (Body(input: """{"prompt":"a fox","size":"4096x2048","resolution":"4K"}"""), "application/json", 400, "3840"),
        ["resolution 8K"] = (Body(input: """{"prompt":"a fox","resolution":"8K"}"""), "application/json", 400, "input.resolution"),
        ["quality ultra"] = (Body(input: """{"prompt":"a fox","quality":"ultra"}"""), "application/json", 400, "input.quality"),
        ["quality hd (YYCode only)"] = (Body(input: """{"prompt":"a fox","quality":"hd"}"""), "application/json", 400, "input.quality"),
        ["missing input"] = ("""{"model":"gpt-image-2"}""", "application/json", 400, "input is required"),
        ["input is a string"] = ("""{"model":"gpt-image-2","input":"x"}""", "application/json", 400, "input"),
        ["prompt is a number"] = ("""{"model":"gpt-image-2","input":{"prompt":5}}""", "application/json", 400, "prompt"),
        ["malformed JSON"] = ("""{"model":""", "application/json", 400, "JSON"),
        ["JSON array body"] = ($"[{Ok}]", "application/json", 400, "JSON"),
        ["JSON null body"] = ("null", "application/json", 400, "JSON object"),
        ["empty body"] = ("", "application/json", 400, "JSON"),
        ["Content-Type text/plain"] = (Ok, "text/plain", 400, "Content-Type"),
        ["body over 1 MiB"] = (Body(input: JsonSerializer.Serialize(new { prompt = "a fox", pad = new string('a', 1024 * 1024) })), "application/json", 413, "1024 KB"),
        ["callback_url javascript:"] = (Body(extra: "\"callback_url\":\"javascript:alert(1)\","), "application/json", 400, "callback_url"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_submit_is_refused_with_the_native_envelope_and_changes_nothing(string name)
    {
        var (body, contentType, status, message) = Cases[name];
        var (got, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Post, "/api/generate/submit", body, contentType);
        EnvelopeAssert.Error(name, got, reply, status, "invalid_request_error", message);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, BadInputServer.Granted);
    }

    [Theory]
    [InlineData("no Authorization header", null, "missing API key")]
    [InlineData("unknown sk_live_ key", "sk_live_doesnotexist", "invalid")]
    [InlineData("garbage bearer", "abc", "invalid")]
    [InlineData("admin key on the tenant API", EaselServer.AdminKey, "invalid")]
    public async Task Submit_without_a_valid_key_is_401_and_changes_nothing(string name, string? bearer, string message)
    {
        using var client = fixture.Server.NewClient(bearer);
        var (status, reply, _) = await EaselServer.SendAsync(client, HttpMethod.Post, "/api/generate/submit", Ok);
        EnvelopeAssert.Error(name, status, reply, 401, "authentication_error", message);
        (status, reply, _) = await EaselServer.SendAsync(client, HttpMethod.Get, "/api/generate/tasks");
        EnvelopeAssert.Error(name + " (tasks)", status, reply, 401, "authentication_error", message);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, BadInputServer.Granted);
    }

    [Fact]
    public async Task Prompt_of_exactly_32000_chars_is_accepted()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: new string('a', 32_000)));
        Assert.StartsWith("task_", taskId, StringComparison.Ordinal);
        // Surrounding blanks are trimmed before the length check.
        await tenant.SubmitOkAsync(Tenant.Submit(prompt: "  " + new string('b', 32_000) + "\n"));
        Assert.Equal(2, await fixture.Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task Revoked_key_is_refused_at_once_for_submit_and_status()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit());
        await tenant.StatusAsync(taskId);

        var (revoked, revokeBody, _) = await EaselServer.SendAsync(fixture.Server.Admin, HttpMethod.Delete, $"/admin/keys/{tenant.KeyId}");
        Assert.True(revoked == 200, $"revoke answered {revoked}: {revokeBody}");

        var (status, reply) = await tenant.SubmitAsync(Tenant.Submit());
        EnvelopeAssert.Error("submit with a revoked key", status, reply, 401, "authentication_error", "revoked");
        (status, reply, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/status/{taskId}");
        EnvelopeAssert.Error("status with a revoked key", status, reply, 401, "authentication_error", "revoked");
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task Unknown_task_id_is_404()
    {
        var (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Get, "/api/generate/status/task_nope");
        EnvelopeAssert.Error("status of task_nope", status, reply, 404, "not_found_error", "task_nope");
        (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Post, "/api/generate/cancel/task_nope");
        EnvelopeAssert.Error("cancel of task_nope", status, reply, 404, "not_found_error", "task_nope");
    }

    [Fact]
    public async Task Another_accounts_task_is_404_not_403()
    {
        var owner = await fixture.Server.CreateTenantAsync(credits: 10);
        var taskId = await owner.SubmitOkAsync(Tenant.Submit());
        var stranger = await fixture.Server.CreateTenantAsync(credits: 0);
        var (status, reply, _) = await EaselServer.SendAsync(stranger.Client, HttpMethod.Get, $"/api/generate/status/{taskId}");
        EnvelopeAssert.Error("status of another account's task", status, reply, 404, "not_found_error", "no task");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("status=bogus", "status")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task Bad_task_list_query_is_400(string query, string message)
    {
        var (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Get, $"/api/generate/tasks?{query}");
        EnvelopeAssert.Error($"GET /api/generate/tasks?{query}", status, reply, 400, "invalid_request_error", message);
    }

    [Fact]
    public async Task Task_list_limits_1_and_100_are_accepted()
    {
        foreach (var query in new[] { "limit=1", "limit=100", "status=finished", "status=not_started" })
        {
            var (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Get, $"/api/generate/tasks?{query}");
            Assert.True(status == 200, $"GET /api/generate/tasks?{query} answered {status}: {reply}");
            Assert.Empty(reply.GetProperty("data").GetProperty("tasks").EnumerateArray());
        }
    }

    [Fact]
    public async Task Oversized_body_without_content_length_is_413()
    {
        var big = Encoding.UTF8.GetBytes(Body(input: JsonSerializer.Serialize(new { prompt = "a fox", pad = new string('a', 1024 * 1024 + 10) })));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate/submit")
        {
            Content = new StreamContent(new NoLengthStream(big)),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await fixture.Tenant.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        EnvelopeAssert.Error("chunked body over 1 MiB", (int)response.StatusCode, JsonDocument.Parse(text).RootElement, 413, "invalid_request_error", "1024 KB");
        await EnvelopeAssert.UntouchedAsync("chunked body over 1 MiB", fixture.Server, fixture.Tenant.AccountId, BadInputServer.Granted);
    }

    /// <summary>A stream whose length is unknown, so the body is sent chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
