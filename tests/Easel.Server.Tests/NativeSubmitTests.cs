using System.Text;
using System.Text.Json;
using Easel.Core;
using Easel.FakeUpstreams;
using Easel.Imaging;
using Easel.Server.Tests.Support;
using Easel.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Easel.Server.Tests;

/// <summary>
/// The native submit's Easel extensions: <c>input.output_format</c> and <c>input.background</c>, and the multipart form of an
/// edit whose images are uploaded with it.
/// </summary>
public sealed class NativeSubmitTests(SmallUploadServer fixture) : IClassFixture<SmallUploadServer>
{
    private const string EditRequest = """{"model":"gpt-image-2-edit","input":{"prompt":"paint it over","quality":"low"}}""";

    [Fact]
    public async Task An_uploaded_image_and_mask_are_edited_where_the_mask_is_clear_at_the_size_asked()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        var request = """{"model":"gpt-image-2-edit","input":{"prompt":"paint it over","quality":"low","size":"3:2"}}""";
        using var form = TestImages.Form([("request", request)], [TestImages.Png(640, 480)], TestImages.LeftHalfMask(640, 480));

        var (status, body) = await SubmitAsync(tenant.Client, form, ("Prefer", "wait=30"));

        Assert.True(status == 200, $"answered {status}: {body}");
        var data = body.GetProperty("data");
        Assert.Equal("finished", data.GetProperty("status").GetString());
        var png = PngCodec.Decode(await fixture.Server.NewClient().GetByteArrayAsync(data.GetProperty("files")[0].GetProperty("file_url").GetString()));
        Assert.Equal((1248, 832), (png.Width, png.Height));
        var half = png.Width / 2;
        Assert.True(TestImages.Changed(png, 0, half, 30, 140, 200) > half * png.Height * 9 / 10, "the masked half was not edited");
        Assert.True(TestImages.Changed(png, half, png.Width, 30, 140, 200) < half * png.Height / 5, "the kept half was edited");
        var stored = await StoredRequestAsync(data.GetProperty("task_id").GetString()!);
        Assert.Equal((1, true, 0), (stored.InputImages.Count, stored.MaskImage is not null, stored.ImageUrls.Count));
        Assert.Equal(9, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task The_request_part_may_be_a_file_and_images_may_be_named_image_brackets_in_order()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        // The mask must be the first image's size, and the kept half of the result shows the first image.
        using var form = TestImages.Form([], [TestImages.Png(64, 64, 200, 10, 10), TestImages.Png(96, 64)], TestImages.LeftHalfMask(64, 64), imageField: "image[]");
        form.Add(new StringContent(EditRequest, Encoding.UTF8, "application/json"), "request", "request.json");

        var (status, body) = await SubmitAsync(tenant.Client, form);

        Assert.True(status == 200, $"answered {status}: {body}");
        var done = await tenant.WaitEndAsync(body.GetProperty("data").GetProperty("task_id").GetString()!);
        Assert.Equal("finished", done.GetProperty("status").GetString());
        Assert.Equal(2, (await StoredRequestAsync(done.GetProperty("task_id").GetString()!)).InputImages.Count);
        var png = PngCodec.Decode(await fixture.Server.NewClient().GetByteArrayAsync(done.GetProperty("files")[0].GetProperty("file_url").GetString()));
        var half = png.Width / 2;
        Assert.True(TestImages.Changed(png, half, png.Width, 200, 10, 10) < half * png.Height / 5, "the kept half is not the first image");
    }

    [Fact]
    public async Task Idempotency_key_replays_a_multipart_submit_whatever_its_boundary_and_refuses_other_files()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        var uploadsBefore = Uploads();
        MultipartFormDataContent Form(byte r) => TestImages.Form([("request", EditRequest)], [TestImages.Png(64, 64, r)]);

        using var first = Form(30);
        var (status, body, response) = await SubmitWithKeyAsync(tenant.Client, first, "upload-1");
        using var again = Form(30);
        var (replayed, replay, replayResponse) = await SubmitWithKeyAsync(tenant.Client, again, "upload-1");
        using var other = Form(31);
        var (mismatch, refusal, _) = await SubmitWithKeyAsync(tenant.Client, other, "upload-1");
        using var otherRequestFile = TestImages.Form([], [TestImages.Png(64, 64, 30)]);
        otherRequestFile.Add(new StringContent(EditRequest.Replace("paint it over", "paint it red", StringComparison.Ordinal)), "request", "request.json");
        var (mismatchedFile, _, _) = await SubmitWithKeyAsync(tenant.Client, otherRequestFile, "upload-1");

        Assert.True(status == 200, $"answered {status}: {body}");
        Assert.NotEqual(first.Headers.ContentType!.ToString(), again.Headers.ContentType!.ToString());
        Assert.Equal((200, body.GetRawText()), (replayed, replay.GetRawText()));
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", replayResponse.Headers.GetValues("Idempotent-Replayed").Single());
        EnvelopeAssert.Error("same key, other image", mismatch, refusal, 422, "idempotency_error", "different request body");
        Assert.Equal(422, mismatchedFile);
        Assert.Equal(1, await fixture.Server.TaskCountAsync(tenant.AccountId));
        Assert.Single(Uploads().Except(uploadsBefore));
    }

    [Fact]
    public async Task Output_format_and_background_reach_the_upstream_and_are_kept_with_the_task()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await EaselServer.StartAsync(settings: UpstreamChannels.Of("main", "openai", upstream.BaseAddress));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Submit("""{"prompt":"a glass","output_format":"webp","background":"transparent"}"""));
        Assert.Equal("finished", (await tenant.WaitEndAsync(taskId)).GetProperty("status").GetString());

        Assert.Equal(("webp", "transparent"), (upstream.LastFields["output_format"], upstream.LastFields["background"]));
        var request = await server.Services.GetRequiredService<IEaselStore>().GetTaskRequestAsync(taskId, CancellationToken.None);
        Assert.Equal((OutputFormat.Webp, Background.Transparent), (request!.Format, request.Background));
    }

    [Theory]
    [InlineData("""{"prompt":"a glass","background":"transparent"}""", OutputFormat.Png, Background.Transparent)]
    [InlineData("""{"prompt":"a glass","output_format":"png","background":"opaque"}""", OutputFormat.Png, Background.Opaque)]
    [InlineData("""{"prompt":"a glass"}""", OutputFormat.Png, Background.Auto)]
    public async Task Output_format_and_background_default_to_png_and_auto_and_map_onto_the_request(string input, OutputFormat format, Background background)
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Submit(input));

        var request = await StoredRequestAsync(taskId);
        Assert.Equal((format, background), (request.Format, request.Background));
    }

    public static TheoryData<string, string, string> BadJsonInputs => new()
    {
        { "transparent jpeg", """{"prompt":"a glass","output_format":"jpeg","background":"transparent"}""", "a transparent background needs output_format png or webp" },
        { "output_format gif", """{"prompt":"a glass","output_format":"gif"}""", "input.output_format must be png, jpeg or webp" },
        { "output_format in capitals", """{"prompt":"a glass","output_format":"PNG"}""", "input.output_format" },
        { "background clear", """{"prompt":"a glass","background":"clear"}""", "input.background must be one of auto, opaque, transparent" },
        { "background a number", """{"prompt":"a glass","background":1}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadJsonInputs))]
    public async Task A_bad_output_format_or_background_is_400_and_changes_nothing(string name, string input, string message)
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);

        var (status, body) = await tenant.SubmitAsync(Submit(input));

        EnvelopeAssert.Error(name, status, body, 400, "invalid_request_error", message);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, tenant.AccountId, 10);
    }

    public static TheoryData<string> BadFormNames => new(BadForms.Keys);

    private static readonly Dictionary<string, (Func<MultipartFormDataContent> Form, int Status, string Message)> BadForms = new()
    {
        ["no request part"] = (() => TestImages.Form([("prompt", "a cat")], [TestImages.Png(64, 64)]), 400, "a part named request"),
        ["request not JSON"] = (() => TestImages.Form([("request", "{\"model\":")], [TestImages.Png(64, 64)]), 400, "not valid JSON"),
        ["request without a prompt"] = (() => TestImages.Form([("request", """{"model":"gpt-image-2-edit","input":{}}""")], [TestImages.Png(64, 64)]), 400, "prompt"),
        ["uploads for gpt-image-2"] = (() => TestImages.Form([("request", """{"model":"gpt-image-2","input":{"prompt":"a cat"}}""")], [TestImages.Png(64, 64)]), 400, "gpt-image-2-edit"),
        ["transparent jpeg"] = (() => TestImages.Form(
            [("request", """{"model":"gpt-image-2-edit","input":{"prompt":"a cat","output_format":"jpeg","background":"transparent"}}""")], [TestImages.Png(64, 64)]),
            400, "transparent background"),
        ["no image"] = (() => TestImages.Form([("request", EditRequest)], []), 400, "at least one image"),
        ["a text file as image"] = (() => TestImages.Form([("request", EditRequest)], ["not an image"u8.ToArray()], imageType: "text/plain"), 400, "not a PNG, JPEG or WebP"),
        ["17 images"] = (() => TestImages.Form([("request", EditRequest)], Enumerable.Repeat(TestImages.Png(16, 16), 17).ToArray()), 400, "at most 16"),
        ["16 uploads and an image_urls entry"] = (() => TestImages.Form(
            [("request", """{"model":"gpt-image-2-edit","input":{"prompt":"a cat","image_urls":["https://img.example.com/a.png"]}}""")],
            Enumerable.Repeat(TestImages.Png(16, 16), 16).ToArray()), 400, "at most 16"),
        ["mask of another size"] = (() => TestImages.Form([("request", EditRequest)], [TestImages.Png(64, 64)], TestImages.LeftHalfMask(32, 64)), 400, "same size"),
        ["mask without alpha"] = (() => TestImages.Form([("request", EditRequest)], [TestImages.Png(64, 64)], TestImages.Png(64, 64)), 400, "alpha"),
        ["more than 10 credits"] = (() => TestImages.Form(
            [("request", """{"model":"gpt-image-2-edit","input":{"prompt":"a cat","quality":"high"}}""")], [TestImages.Png(64, 64)]), 402, "insufficient credits"),
        ["body over the 1 MB upload limit"] = (() => TestImages.Form([("request", EditRequest)], [new byte[1024 * 1024 + 1]]), 413, "1 MB"),
    };

    [Theory]
    [MemberData(nameof(BadFormNames))]
    public async Task A_bad_multipart_submit_is_refused_in_the_native_shape_and_stores_and_charges_nothing(string name)
    {
        var (form, expected, message) = BadForms[name];
        var tenant = await fixture.Server.CreateTenantAsync(credits: 10);
        using var content = form();
        // Other tests of this class store uploads of edits that succeed on the same server: only new files would be this one's.
        var uploadsBefore = Uploads();

        var (status, body) = await SubmitAsync(tenant.Client, content);

        var type = expected switch { 402 => "insufficient_credits", _ => "invalid_request_error" };
        EnvelopeAssert.Error(name, status, body, expected, type, message);
        await EnvelopeAssert.UntouchedAsync(name, fixture.Server, tenant.AccountId, 10);
        Assert.Empty(Uploads().Except(uploadsBefore));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_live_doesnotexist")]
    public async Task A_multipart_submit_without_a_valid_key_is_401_and_stores_nothing(string? key)
    {
        using var client = fixture.Server.NewClient(key);
        using var content = TestImages.Form([("request", EditRequest)], [TestImages.Png(64, 64)]);
        var uploadsBefore = Uploads();

        var (status, body) = await SubmitAsync(client, content);

        EnvelopeAssert.Error("multipart without a key", status, body, 401, "authentication_error", "API key");
        Assert.Empty(Uploads().Except(uploadsBefore));
    }

    private static string Submit(string input) => $$"""{"model":"gpt-image-2","input":{{input}}}""";

    private List<string> Uploads() => Directory.EnumerateFiles(fixture.Server.DataDir, "input_*", SearchOption.AllDirectories).ToList();

    private Task<GenerationRequest> StoredRequestAsync(string taskId) =>
        fixture.Server.Services.GetRequiredService<IEaselStore>().GetTaskRequestAsync(taskId, CancellationToken.None)!;

    private static async Task<(int Status, JsonElement Body)> SubmitAsync(HttpClient client, HttpContent content, params (string Name, string Value)[] headers)
    {
        var (status, body, response) = await SendAsync(client, content, headers);
        response.Dispose();
        return (status, body);
    }

    private static Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SubmitWithKeyAsync(HttpClient client, HttpContent content, string key) =>
        SendAsync(client, content, ("Idempotency-Key", key));

    private static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpClient client, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate/submit") { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }
}
