using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>OpenAI's Images API on the wire (SPEC §7): what the official SDKs cannot send, and its error envelope.</summary>
public sealed class OpenAiTests(SmallUploadServer fixture) : IClassFixture<SmallUploadServer>
{
    [Fact]
    public async Task A_free_image_of_auto_quality_reports_the_quality_it_was_made_at_though_nothing_was_charged()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var (patched, _, _) = await EaselServer.SendAsync(fixture.Server.Admin, HttpMethod.Patch, $"/admin/accounts/{tenant.AccountId}", """{"free_images_per_day":1}""");
        Assert.Equal(200, patched);

        var (status, reply, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/v1/images/generations", """{"prompt":"a lighthouse","quality":"auto"}""");

        Assert.True(status == 200, $"answered {status}: {reply}");
        Assert.Equal("medium", reply.GetProperty("quality").GetString());
        Assert.Equal(100, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Generation_answers_resolved_values_usage_and_urls_when_asked()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var body = """{"model":"gpt-image-2","prompt":"a lighthouse","n":2,"size":"1536x1024","response_format":"url"}""";

        var (status, reply, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/v1/images/generations", body);

        Assert.True(status == 200, $"answered {status}: {reply}");
        Assert.Equal("1536x1024", reply.GetProperty("size").GetString());
        Assert.Equal("medium", reply.GetProperty("quality").GetString()); // auto, as the sandbox resolves it and it was charged
        Assert.Equal("opaque", reply.GetProperty("background").GetString());
        Assert.Equal("png", reply.GetProperty("output_format").GetString());
        Assert.Equal(JsonValueKind.Number, reply.GetProperty("usage").GetProperty("total_tokens").ValueKind);
        Assert.Equal(94, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
        using var anonymous = fixture.Server.NewClient();
        foreach (var image in reply.GetProperty("data").EnumerateArray())
        {
            Assert.False(image.TryGetProperty("b64_json", out _));
            var png = PngCodec.Decode(await anonymous.GetByteArrayAsync(image.GetProperty("url").GetString()));
            Assert.Equal((1536, 1024), (png.Width, png.Height));
        }
    }

    [Fact]
    public async Task Same_idempotency_key_replays_the_answer_and_charges_once()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        async Task<(int, string)> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images/generations")
            {
                Content = new StringContent("""{"prompt":"a kite","quality":"low","response_format":"url"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "kite-1");
            using var response = await tenant.Client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal(200, first.Item1);
        Assert.Equal(first, second);
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
        Assert.Equal(99, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_streamed_edit_uses_the_image_edit_event_names()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        using var form = TestImages.Form([("prompt", "a comet"), ("stream", "true"), ("partial_images", "1"), ("quality", "low")], [TestImages.Png(256, 256)]);

        using var response = await tenant.Client.PostAsync("/v1/images/edits", form);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Type, JsonElement Data)>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            events.Add((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone()));
        }

        Assert.Equal(["image_edit.partial_image", "image_edit.completed"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data.GetProperty("type").GetString()));
        var png = PngCodec.Decode(Convert.FromBase64String(events[1].Data.GetProperty("b64_json").GetString()!));
        Assert.Equal((1024, 1024), (png.Width, png.Height));
    }

    public static TheoryData<string, string, string> BadJson => new()
    {
        { "missing prompt", """{"model":"gpt-image-2","n":1}""", "prompt" },
        { "n 11", """{"prompt":"a cat","n":11}""", "n" },
        { "size 1000x1000", """{"prompt":"a cat","size":"1000x1000"}""", "size" },
        { "size 256x256 (too few pixels)", """{"prompt":"a cat","size":"256x256"}""", "size" },
        { "partial_images 4", """{"prompt":"a cat","stream":true,"partial_images":4}""", "partial_images" },
        { "response_format jpeg", """{"prompt":"a cat","response_format":"jpeg"}""", "response_format" },
        { "transparent jpeg", """{"prompt":"a cat","background":"transparent","output_format":"jpeg"}""", "background" },
        { "output_compression 101", """{"prompt":"a cat","output_compression":101}""", "output_compression" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Bad_generation_is_an_invalid_request_error_naming_the_param_and_changes_nothing(string name, string body, string param)
    {
        var (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Post, "/v1/images/generations", body);
        AssertError(name, status, reply, 400, "invalid_request_error", param, null);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
    }

    public static TheoryData<string> BadEditNames => new(BadEdits.Keys);

    private static readonly Dictionary<string, (Func<MultipartFormDataContent> Form, int Status, string? Param, string Code)> BadEdits = new()
    {
        ["no image"] = (() => TestImages.Form([("prompt", "a cat")], []), 400, "image", "image_required"),
        ["missing prompt"] = (() => TestImages.Form([], [TestImages.Png(64, 64)]), 400, "prompt", "invalid_value"),
        ["a text file as image"] = (() => TestImages.Form([("prompt", "a cat")], ["just text"u8.ToArray()], imageType: "text/plain"), 400, "image", "invalid_image"),
        ["mask of another size"] = (() => TestImages.Form([("prompt", "a cat")], [TestImages.Png(64, 64)], TestImages.LeftHalfMask(64, 32)), 400, "mask", "invalid_mask"),
        ["mask without alpha"] = (() => TestImages.Form([("prompt", "a cat")], [TestImages.Png(64, 64)], TestImages.Png(64, 64)), 400, "mask", "invalid_mask"),
        ["body over the 1 MB upload limit"] = (() => TestImages.Form([("prompt", "a cat")], [new byte[1024 * 1024 + 1]]), 413, null, "payload_too_large"),
    };

    [Theory]
    [MemberData(nameof(BadEditNames))]
    public async Task Bad_edit_is_refused_in_openais_envelope_and_changes_nothing(string name)
    {
        var (form, expected, param, code) = BadEdits[name];
        using var content = form();
        using var response = await fixture.Tenant.Client.PostAsync("/v1/images/edits", content);
        var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        AssertError(name, (int)response.StatusCode, reply, expected, "invalid_request_error", param, code);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_live_doesnotexist")]
    public async Task Bad_key_is_401_invalid_api_key_and_changes_nothing(string? key)
    {
        using var client = fixture.Server.NewClient(key);
        var (status, reply, _) = await EaselServer.SendAsync(client, HttpMethod.Post, "/v1/images/generations", """{"prompt":"a cat"}""");
        AssertError("bad key", status, reply, 401, "invalid_request_error", null, "invalid_api_key");
        await EnvelopeAssert.UntouchedAsync("bad key", fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
    }

    [Fact]
    public async Task Short_balance_is_402_insufficient_quota()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 1);
        var (status, reply, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/v1/images/generations", """{"prompt":"a cat","quality":"high"}""");
        AssertError("402", status, reply, 402, "insufficient_quota", null, "insufficient_quota");
        await EnvelopeAssert.UntouchedAsync("402", fixture.Server, tenant.AccountId, 1);
    }

    private static void AssertError(string what, int status, JsonElement body, int expected, string type, string? param, string? code)
    {
        Assert.True(status == expected, $"[{what}] answered {status}, expected {expected}: {body}");
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), $"[{what}] no message: {body}");
        Assert.True(error.GetProperty("type").GetString() == type, $"[{what}] type is not {type}: {body}");
        Assert.True(param is null || error.GetProperty("param").GetString() == param, $"[{what}] param is not {param}: {body}");
        Assert.True(code is null || error.GetProperty("code").GetString() == code, $"[{what}] code is not {code}: {body}");
        Assert.True(error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _), $"[{what}] param and code must be present: {body}");
    }
}
