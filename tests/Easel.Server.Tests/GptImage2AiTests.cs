using System.Text.Json;
using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>GPTImage2.ai's dialect (SPEC §5), replaying the request bodies of its docs (seed 002) verbatim.</summary>
public sealed class GptImage2AiTests(BadInputServer fixture) : IClassFixture<BadInputServer>
{
    // Demo 1 (cURL), Demo 3 (Node.js) and Demo 4 (Python) of seed 002, as sent.
    private const string Demo1 = """
        {
        "mode": "text-to-image",
        "prompt": "A clean studio product photo of a ceramic espresso cup",
        "ratio": "1:1",
        "count": 1,
        "style": "studio-product"
        }
        """;

    private const string Demo2 = """
        {
        "mode": "image-to-image",
        "prompt": "Keep the product from ref 1, use the color palette from ref 2.",
        "imageUrls": [
        "https://cdn.example.com/subject.png",
        "https://cdn.example.com/palette.png"
        ],
        "ratio": "1:1",
        "count": 1
        }
        """;

    private const string Demo3 = """{"mode":"text-to-image","prompt":"An editorial product photo of a matte black camera on red lacquer","ratio":"1:1","count":1}""";

    private const string Demo4 = """{"mode": "text-to-image", "prompt": "A warm studio portrait of a ceramic bottle on folded linen", "ratio": "1:1", "count": 1}""";

    public static TheoryData<string> TextDemos => new(Demo1, Demo3, Demo4);

    [Theory]
    [MemberData(nameof(TextDemos))]
    public async Task Seed_text_to_image_demos_create_a_job_then_poll_to_a_real_1024_square_png(string demo)
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var (status, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", demo);

        Assert.True(status == 202, $"create answered {status}: {job}");
        var jobId = job.GetProperty("jobId").GetString()!;
        Assert.Equal("pending", job.GetProperty("status").GetString());
        // medium at 1K is 3 credits: 97 left after the reservation buys 32 more images.
        AssertBalance(job, paidCredits: 97, totalImages: 32);

        var done = await PollAsync(tenant, jobId);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var result = Assert.Single(done.GetProperty("results").EnumerateArray().ToList());
        var prompt = JsonDocument.Parse(demo).RootElement.GetProperty("prompt").GetString()!;
        Assert.StartsWith(prompt, result.GetProperty("finalPrompt").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, result.GetProperty("seed").ValueKind);
        using var anonymous = fixture.Server.NewClient();
        var png = PngCodec.Decode(await anonymous.GetByteArrayAsync(result.GetProperty("imageUrl").GetString()));
        Assert.Equal((1024, 1024), (png.Width, png.Height));
        AssertBalance(done, paidCredits: 97, totalImages: 32);
    }

    [Fact]
    public async Task Seed_image_to_image_demo_is_accepted_and_fails_with_a_code_when_its_example_urls_cannot_be_fetched()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var (status, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", Demo2);
        Assert.True(status == 202, $"create answered {status}: {job}");

        var done = await PollAsync(tenant, job.GetProperty("jobId").GetString()!);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Equal("invalid_reference_image", done.GetProperty("error").GetString());
        Assert.False(done.TryGetProperty("results", out _));
        AssertBalance(done, paidCredits: 100, totalImages: 33);
    }

    [Fact]
    public async Task Image_to_image_with_reachable_references_edits_the_first()
    {
        using var host = new ReferenceServer(TestImages.Png(640, 480), "image/png");
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Security:AllowPrivateNetworks", "true"));
        var tenant = await server.CreateTenantAsync(credits: 100);
        var body = JsonSerializer.Serialize(new { mode = "image-to-image", prompt = "Keep the product", imageUrls = new[] { host.Url, host.Url }, ratio = "16:9" });

        var (status, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", body);
        Assert.True(status == 202, $"create answered {status}: {job}");
        var done = await PollAsync(tenant, job.GetProperty("jobId").GetString()!);

        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        var png = PngCodec.Decode(await server.NewClient().GetByteArrayAsync(done.GetProperty("results")[0].GetProperty("imageUrl").GetString()));
        Assert.Equal((1360, 768), (png.Width, png.Height));
        Assert.True(TestImages.Changed(png, 0, png.Width, 30, 140, 200) > png.Width * png.Height / 2, "the reference was not visibly edited");
    }

    [Fact]
    public async Task Count_three_is_one_task_with_three_images_each_with_its_own_seed_and_the_composed_prompt()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var body = """{"prompt":"A teapot","ratio":"16:9","count":3,"style":"cinematic","lighting":"golden hour","camera":"35mm, low angle","negative":"text, watermark"}""";

        var (status, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", body);
        Assert.True(status == 202, $"create answered {status}: {job}");
        var done = await PollAsync(tenant, job.GetProperty("jobId").GetString()!);

        var results = done.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(3, results.Select(r => r.GetProperty("seed").GetString()).Distinct().Count());
        Assert.Equal(3, results.Select(r => r.GetProperty("imageUrl").GetString()).Distinct().Count());
        var finalPrompt = results[0].GetProperty("finalPrompt").GetString()!;
        Assert.Equal(
            "A teapot\nStyle: cinematic film still, wide framing, dramatic contrast, subtle film grain.\nLighting: golden hour\nCamera: 35mm, low angle\nAvoid: text, watermark",
            finalPrompt);
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
        AssertBalance(done, paidCredits: 91, totalImages: 30);
        var (listed, list, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/api/generate/tasks");
        Assert.True(listed == 200, list.ToString());
        Assert.Equal(job.GetProperty("jobId").GetString(), list.GetProperty("data").GetProperty("tasks")[0].GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Configured_style_presets_and_default_quality_apply()
    {
        await using var server = await EaselServer.StartAsync(settings:
            [("Easel:GptImage2Ai:Quality", "low"), ("Easel:GptImage2Ai:Styles:watercolor", "Style: loose watercolor.")]);
        var tenant = await server.CreateTenantAsync(credits: 10);
        var (status, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", """{"prompt":"A boat","style":"watercolor"}""");
        Assert.True(status == 202, $"create answered {status}: {job}");
        AssertBalance(job, paidCredits: 9, totalImages: 9);
        var done = await PollAsync(tenant, job.GetProperty("jobId").GetString()!);
        Assert.Equal("A boat\nStyle: loose watercolor.", done.GetProperty("results")[0].GetProperty("finalPrompt").GetString());
    }

    [Fact]
    public async Task Unknown_job_is_404_not_found_and_native_routes_still_answer()
    {
        var (status, body, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Get, "/api/generate/task_doesnotexist");
        AssertError(status, body, 404, "not_found");
        (status, body, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Get, "/api/generate/tasks");
        Assert.True(status == 200 && body.GetProperty("code").GetInt32() == 200, body.ToString());
    }

    public static TheoryData<string, string, int, string> BadBodies => new()
    {
        { "missing prompt", """{"mode":"text-to-image","ratio":"1:1"}""", 400, "prompt_required" },
        { "blank prompt", """{"prompt":"  "}""", 400, "prompt_required" },
        { "ratio 2:3 (not offered here)", """{"prompt":"a cup","ratio":"2:3"}""", 400, "invalid_ratio" },
        { "ratio 1024x1024", """{"prompt":"a cup","ratio":"1024x1024"}""", 400, "invalid_ratio" },
        { "count 5", """{"prompt":"a cup","count":5}""", 400, "invalid_count" },
        { "count 0", """{"prompt":"a cup","count":0}""", 400, "invalid_count" },
        { "image-to-image without imageUrls", """{"mode":"image-to-image","prompt":"a cup"}""", 400, "image_urls_required" },
        { "image-to-image with an ftp url", """{"mode":"image-to-image","prompt":"a cup","imageUrls":["ftp://x/y.png"]}""", 400, "invalid_image_urls" },
        { "unknown mode", """{"mode":"video","prompt":"a cup"}""", 400, "invalid_mode" },
        { "unknown style", """{"prompt":"a cup","style":"vaporwave"}""", 400, "invalid_style" },
        { "malformed JSON", """{"prompt":""", 400, "invalid_request" },
        { "body over 1 MiB", JsonSerializer.Serialize(new { prompt = "a cup", pad = new string('a', 1024 * 1024) }), 413, "payload_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_create_is_refused_with_a_code_and_changes_nothing(string name, string body, int expected, string code)
    {
        var (status, reply, _) = await EaselServer.SendAsync(fixture.Tenant.Client, HttpMethod.Post, "/api/generate", body);
        AssertError(status, reply, expected, code, name);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, fixture.Tenant.AccountId, BadInputServer.Granted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_live_doesnotexist")]
    public async Task Bad_key_is_401_unauthorized_and_changes_nothing(string? key)
    {
        using var client = fixture.Server.NewClient(key);
        var (status, reply, _) = await EaselServer.SendAsync(client, HttpMethod.Post, "/api/generate", Demo1);
        AssertError(status, reply, 401, "unauthorized");
        await EnvelopeAssert.UntouchedAsync("bad key", fixture.Server, fixture.Tenant.AccountId, BadInputServer.Granted);
    }

    [Fact]
    public async Task Short_balance_is_402_insufficient_credits_and_nothing_is_reserved()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 5);
        var (status, reply, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", """{"prompt":"a cup","count":2}""");
        AssertError(status, reply, 402, "insufficient_credits");
        await EnvelopeAssert.UntouchedAsync("402", fixture.Server, tenant.AccountId, 5);
    }

    private static void AssertBalance(JsonElement job, long paidCredits, int totalImages)
    {
        var balance = job.GetProperty("balance");
        Assert.True(balance.GetProperty("paidCredits").GetInt64() == paidCredits, balance.ToString());
        Assert.True(balance.GetProperty("totalImages").GetInt32() == totalImages, balance.ToString());
        Assert.Equal(JsonValueKind.Number, balance.GetProperty("freeImagesRemaining").ValueKind);
        Assert.Equal(JsonValueKind.Number, balance.GetProperty("freeImagesPerDay").ValueKind);
    }

    private static void AssertError(int status, JsonElement body, int expected, string code, string what = "")
    {
        Assert.True(status == expected, $"[{what}] answered {status}, expected {expected}: {body}");
        Assert.True(body.TryGetProperty("error", out var error) && error.GetString() == code, $"[{what}] error is not {code}: {body}");
    }

    /// <summary>Polls like the docs' demos: 202 while pending or running, then 200.</summary>
    private static async Task<JsonElement> PollAsync(Tenant tenant, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/{jobId}");
            var state = body.GetProperty("status").GetString();
            if (state is "pending" or "running")
            {
                Assert.True(status == 202, $"a {state} job answered {status}");
            }
            else
            {
                Assert.True(status == 200, $"a {state} job answered {status}: {body}");
                Assert.Equal(jobId, body.GetProperty("jobId").GetString());
                return body;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} did not end: {body}");
            await Task.Delay(25);
        }
    }
}
