using System.Text;
using System.Text.Json;
using Easel.Core;
using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>A server whose uploads may be at most 1 MB, so the over-limit case is cheap to send.</summary>
public sealed class SmallUploadServer : IAsyncLifetime
{
    public const long Granted = 100;

    public EaselServer Server { get; private set; } = null!;

    public Tenant Tenant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await EaselServer.StartAsync(settings: ("Easel:MaxUploadMegabytes", "1"));
        Tenant = await Server.CreateTenantAsync(credits: Granted);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>YYCode's dialect (SPEC §6), replaying the curl examples of its docs (seed 004) verbatim.</summary>
public sealed class YyCodeTests(SmallUploadServer fixture) : IClassFixture<SmallUploadServer>
{
    private const string SeedGenerate = """
        {
            "model": "gpt-image-2",
            "prompt": "A cute cat napping in the sunlight",
            "n": 1,
            "size": "1024x1024"
          }
        """;

    [Fact]
    public async Task Seed_text_to_image_curl_answers_a_job_that_polls_without_a_key_to_a_base64_png()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        using var client = YyCodeClient(tenant.Key);
        var (status, job) = await PostAsync(client, "/api/images/generate", new StringContent(SeedGenerate, Encoding.UTF8, "application/json"));

        Assert.True(status == 200, $"submit answered {status}: {job}");
        Assert.True(job.GetProperty("ok").GetBoolean() && job.GetProperty("pending").GetBoolean(), job.ToString());
        var jobId = job.GetProperty("jobId").GetString()!;
        var requestId = job.GetProperty("meta").GetProperty("requestId").GetString();
        Assert.StartsWith("req_", requestId, StringComparison.Ordinal);

        var done = await PollAsync(jobId);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(requestId, done.GetProperty("meta").GetProperty("requestId").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("usage").ValueKind);
        Assert.Equal(JsonValueKind.Object, done.GetProperty("raw").ValueKind);
        var image = Assert.Single(done.GetProperty("images").EnumerateArray().ToList());
        Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
        Assert.Equal(JsonValueKind.Null, image.GetProperty("filename").ValueKind);
        var png = PngCodec.Decode(Convert.FromBase64String(image.GetProperty("b64").GetString()!));
        Assert.Equal((1024, 1024), (png.Width, png.Height));
    }

    [Theory]
    [InlineData(1, "1024x1024", "Turn this image into a watercolor style", 1024, 1024)]
    [InlineData(2, "1536x1024", "Use these images as references to generate a unified cyberpunk poster", 1536, 1024)]
    public async Task Seed_image_to_image_curl_uploads_edit_the_first_image(int uploads, string size, string prompt, int width, int height)
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        using var client = YyCodeClient(tenant.Key);
        var images = Enumerable.Range(0, uploads).Select(_ => TestImages.Png(512, 512)).ToArray();
        using var form = TestImages.Form([("model", "gpt-image-2"), ("prompt", prompt), ("n", "1"), ("size", size)], images);

        var (status, job) = await PostAsync(client, "/api/images/edit", form);
        Assert.True(status == 200, $"edit answered {status}: {job}");
        var done = await PollAsync(job.GetProperty("jobId").GetString()!);

        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        var png = PngCodec.Decode(Convert.FromBase64String(done.GetProperty("images")[0].GetProperty("b64").GetString()!));
        Assert.Equal((width, height), (png.Width, png.Height));
        Assert.True(TestImages.Changed(png, 0, png.Width, 30, 140, 200) > png.Width * png.Height / 2, "the upload was not visibly edited");
    }

    [Fact]
    public async Task Without_async_the_call_waits_and_answers_n_images_in_the_asked_format()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 1000);
        using var client = YyCodeClient(tenant.Key, async: false);
        // WebP through NetVips: Easel's own libvips binding once crashed the test host here under load (issue 14).
        const string format = "webp";
        var body = $$"""{"model":"gpt-image-2","prompt":"three lighthouses","n":3,"size":"1536x1024","quality":"hd","output_format":"{{format}}","background":"opaque"}""";

        var (status, done) = await PostAsync(client, "/api/images/generate", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == 200, $"answered {status}: {done}");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var images = done.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(3, images.Count);
        foreach (var image in images)
        {
            var bytes = Convert.FromBase64String(image.GetProperty("b64").GetString()!);
            var sniffed = OutputFormats.Sniff(bytes);
            Assert.NotNull(sniffed);
            Assert.Equal(sniffed.Value.ContentType(), image.GetProperty("mimeType").GetString());
            Assert.Equal(format, sniffed.Value.ToWire());
            var decoded = ImageEncoder.Decode(bytes);
            Assert.Equal((1536, 1024), (decoded.Width, decoded.Height));
        }
        // hd is high: 12 credits an image at 1K (1536x1024 is exactly the 2K threshold, not above it).
        Assert.Equal(1000 - 36, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_mask_limits_the_edit_to_its_transparent_half()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        using var client = YyCodeClient(tenant.Key, async: false);
        using var form = TestImages.Form([("prompt", "x"), ("size", "1024x1024")], [TestImages.Png(512, 512)], TestImages.LeftHalfMask(512, 512), imageField: "image[]");

        var (status, done) = await PostAsync(client, "/api/images/edit", form);

        Assert.True(status == 200, $"answered {status}: {done}");
        var png = PngCodec.Decode(Convert.FromBase64String(done.GetProperty("images")[0].GetProperty("b64").GetString()!));
        var half = png.Width / 2;
        // The caption along the bottom changes a strip of the kept half too; the rest of it stays.
        Assert.True(TestImages.Changed(png, 0, half, 30, 140, 200) > half * png.Height * 9 / 10, "the masked half was not edited");
        Assert.True(TestImages.Changed(png, half, png.Width, 30, 140, 200) < half * png.Height / 5, "the kept half was edited");
    }

    [Fact]
    public async Task Jobs_of_other_dialects_are_not_served_without_a_key()
    {
        // Its own tenant: the fixture's one must stay untouched for the bad-input tests.
        var native = await fixture.Server.CreateTenantAsync();
        var taskId = await native.SubmitOkAsync(Tenant.Submit());
        using var anonymous = fixture.Server.NewClient();
        var (status, body, _) = await EaselServer.SendAsync(anonymous, HttpMethod.Get, $"/api/jobs/{taskId}");
        AssertError(status, body, 404, "not_found");
    }

    public static TheoryData<string, string, int, string> BadJson => new()
    {
        { "missing prompt", """{"model":"gpt-image-2","n":1,"size":"1024x1024"}""", 400, "prompt is required" },
        { "n 11", """{"prompt":"a cat","n":11}""", 400, "between 1 and 10" },
        { "n 0", """{"prompt":"a cat","n":0}""", 400, "between 1 and 10" },
        { "n two", """{"prompt":"a cat","n":"two"}""", 400, "n must be" },
        { "size 1000x1000", """{"prompt":"a cat","size":"1000x1000"}""", 400, "multiples of 16" },
        { "size 4096x2160", """{"prompt":"a cat","size":"4096x2160"}""", 400, "3840" },
        { "size 16:9", """{"prompt":"a cat","size":"16:9"}""", 400, "WIDTHxHEIGHT" },
        { "output_format gif", """{"prompt":"a cat","output_format":"gif"}""", 400, "output_format" },
        { "quality ultra", """{"prompt":"a cat","quality":"ultra"}""", 400, "quality" },
        { "background transparent", """{"prompt":"a cat","background":"transparent"}""", 400, "background" },
        { "model dall-e-3", """{"model":"dall-e-3","prompt":"a cat"}""", 400, "model" },
        { "body over 1 MiB", JsonSerializer.Serialize(new { prompt = "a cat", pad = new string('a', 1024 * 1024) }), 413, "1024 KB" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Bad_generate_is_refused_in_the_yycode_shape_and_changes_nothing(string name, string body, int expected, string message)
    {
        using var client = YyCodeClient(fixture.Tenant.Key);
        var (status, reply) = await PostAsync(client, "/api/images/generate", new StringContent(body, Encoding.UTF8, "application/json"));
        AssertError(status, reply, expected, null, message, name);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
    }

    public static TheoryData<string> BadEditNames => new(BadEdits.Keys);

    private static readonly Dictionary<string, (Func<MultipartFormDataContent> Form, int Status, string Code)> BadEdits = new()
    {
        ["no image"] = (() => TestImages.Form([("prompt", "a cat")], []), 400, "image_required"),
        ["missing prompt"] = (() => TestImages.Form([("n", "1")], [TestImages.Png(64, 64)]), 400, "invalid_request"),
        ["n 11"] = (() => TestImages.Form([("prompt", "a cat"), ("n", "11")], [TestImages.Png(64, 64)]), 400, "invalid_request"),
        ["a text file as image"] = (() => TestImages.Form([("prompt", "a cat")], ["hello, not an image"u8.ToArray()], imageType: "text/plain"), 400, "invalid_image"),
        ["mask of another size"] = (() => TestImages.Form([("prompt", "a cat")], [TestImages.Png(64, 64)], TestImages.LeftHalfMask(32, 64)), 400, "invalid_mask"),
        ["mask without alpha"] = (() => TestImages.Form([("prompt", "a cat")], [TestImages.Png(64, 64)], TestImages.Png(64, 64)), 400, "invalid_mask"),
        ["17 images"] = (() => TestImages.Form([("prompt", "a cat")], Enumerable.Repeat(TestImages.Png(16, 16), 17).ToArray()), 400, "too_many_images"),
        ["body over the 1 MB upload limit"] = (() => TestImages.Form([("prompt", "a cat")], [new byte[1024 * 1024 + 1]]), 413, "payload_too_large"),
    };

    private List<string> Uploads() => Directory.EnumerateFiles(fixture.Server.DataDir, "input_*", SearchOption.AllDirectories).ToList();

    [Theory]
    [MemberData(nameof(BadEditNames))]
    public async Task Bad_edit_is_refused_in_the_yycode_shape_and_changes_nothing(string name)
    {
        var (form, expected, code) = BadEdits[name];
        using var client = YyCodeClient(fixture.Tenant.Key);
        using var content = form();
        // Other tests of this class store uploads of edits that succeed on the same server: only new files would be this one's.
        var uploadsBefore = Uploads();
        var (status, reply) = await PostAsync(client, "/api/images/edit", content);
        AssertError(status, reply, expected, code, null, name);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
        Assert.Empty(Uploads().Except(uploadsBefore));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_live_doesnotexist")]
    public async Task Bad_key_is_401_and_changes_nothing(string? key)
    {
        using var client = YyCodeClient(key);
        var (status, reply) = await PostAsync(client, "/api/images/generate", new StringContent(SeedGenerate, Encoding.UTF8, "application/json"));
        AssertError(status, reply, 401, "unauthorized", null, "bad key");
        await EnvelopeAssert.UntouchedAsync("bad key", fixture.Server, fixture.Tenant.AccountId, SmallUploadServer.Granted);
    }

    [Fact]
    public async Task A_synchronous_caller_that_leaves_cancels_its_task_and_pays_nothing()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "5000"));
        var tenant = await server.CreateTenantAsync(credits: 100);
        using var client = YyCodeClient(tenant.Key, async: false, server);
        using var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PostAsync("/api/images/generate", new StringContent(SeedGenerate, Encoding.UTF8, "application/json"), leave.Token));

        var taskId = await WaitForEndedTaskAsync(tenant);
        var status = await tenant.StatusAsync(taskId);
        Assert.Equal("canceled", status.GetProperty("error_message").GetString());
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(100, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
    }

    private static async Task<string> WaitForEndedTaskAsync(Tenant tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (_, list, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/generate/tasks?status=failed");
            var tasks = list.GetProperty("data").GetProperty("tasks");
            if (tasks.GetArrayLength() == 1)
            {
                return tasks[0].GetProperty("task_id").GetString()!;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the task was not canceled: {list}");
            await Task.Delay(50);
        }
    }

    private HttpClient YyCodeClient(string? key, bool async = true, EaselServer? server = null)
    {
        var client = (server ?? fixture.Server).NewClient();
        client.DefaultRequestHeaders.Add("x-demo-base-url", "https://yycode.net");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-demo-api-key", key);
        }
        if (async)
        {
            client.DefaultRequestHeaders.Add("x-demo-async", "1");
        }
        return client;
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, HttpContent content)
    {
        using var response = await client.PostAsync(path, content);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Polls as the docs' Python example does: no key, until <c>pending</c> is gone.</summary>
    private async Task<JsonElement> PollAsync(string jobId)
    {
        using var anonymous = fixture.Server.NewClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(anonymous, HttpMethod.Get, $"/api/jobs/{jobId}");
            Assert.True(status == 200, $"poll answered {status}: {body}");
            Assert.Equal(jobId, body.GetProperty("jobId").GetString());
            if (!(body.TryGetProperty("pending", out var pending) && pending.GetBoolean()))
            {
                return body;
            }
            Assert.Contains(body.GetProperty("status").GetString(), new[] { "queued", "running" });
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not end: {body}");
            await Task.Delay(25);
        }
    }

    private static void AssertError(int status, JsonElement body, int expected, string? code, string? message = null, string what = "")
    {
        Assert.True(status == expected, $"[{what}] answered {status}, expected {expected}: {body}");
        Assert.True(body.GetProperty("ok").ValueKind == JsonValueKind.False, $"[{what}] ok is not false: {body}");
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), $"[{what}] no message: {body}");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()), $"[{what}] no code: {body}");
        if (code is not null)
        {
            Assert.True(error.GetProperty("code").GetString() == code, $"[{what}] code is not {code}: {body}");
        }
        if (message is not null)
        {
            Assert.True(error.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal), $"[{what}] message lacks \"{message}\": {body}");
        }
    }
}
