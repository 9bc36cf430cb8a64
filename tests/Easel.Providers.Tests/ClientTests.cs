using Easel.Core;
using Easel.FakeUpstreams;

namespace Easel.Providers.Tests;

public sealed class ClientTests
{
    public static TheoryData<Kind> Kinds => [Kind.OpenAi, Kind.Unified, Kind.GptImage2Ai, Kind.YyCode];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_generation_stores_the_upstreams_exact_image_with_its_size(Kind kind)
    {
        await using var rig = await ClientRig.StartAsync(kind);
        rig.Journal.Polls = () => rig.Fake.Polls;

        var outcome = await rig.RunAsync(ClientRig.Generate(quality: kind == Kind.GptImage2Ai ? Quality.Medium : Quality.Low));

        var ok = Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        var image = Assert.Single(ok.Images);
        Assert.Equal(rig.Fake.Image, await rig.StoredAsync(image));
        Assert.Equal((OutputFormat.Png, 1024, 1024, rig.Fake.Image.LongLength), (image.Key.Format, image.Width, image.Height, image.ByteCount));
        Assert.Equal(1, rig.Fake.Submits);
        Assert.Equal(kind == Kind.GptImage2Ai ? Quality.Medium : Quality.Low, ok.ResolvedQuality);
    }

    [Theory]
    [InlineData(Kind.Unified)]
    [InlineData(Kind.GptImage2Ai)]
    [InlineData(Kind.YyCode)]
    public async Task An_async_upstreams_job_id_is_recorded_before_the_first_poll(Kind kind)
    {
        await using var rig = await ClientRig.StartAsync(kind);
        rig.Fake.PendingPolls = 2;
        rig.Journal.Polls = () => rig.Fake.Polls;

        Assert.IsType<ProviderOutcome.Succeeded>(await rig.RunAsync(ClientRig.Generate(quality: Quality.Medium)));

        var (id, pollsBefore) = Assert.Single(rig.Journal.Recorded);
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(0, pollsBefore);
        Assert.Equal(3, rig.Fake.Polls);
    }

    [Theory]
    [InlineData(Kind.Unified, "task-unified-1757165031-99")]
    [InlineData(Kind.GptImage2Ai, "8b93b17d-6ec7-4bd7-96a2-99")]
    [InlineData(Kind.YyCode, "job_1782732290788_99")]
    public async Task A_resumed_job_is_polled_and_never_submitted_again(Kind kind, string upstreamId)
    {
        await using var rig = await ClientRig.StartAsync(kind);

        var outcome = await rig.RunAsync(ClientRig.Generate(quality: Quality.Medium), resume: upstreamId);

        Assert.IsType<ProviderOutcome.Succeeded>(outcome);
        Assert.Equal(0, rig.Fake.Submits);
        Assert.Empty(rig.Journal.Recorded);
        Assert.Equal(2, rig.Fake.Polls);
    }

    public static TheoryData<Kind, Fault, FailureCode, bool> SubmitFaults()
    {
        var data = new TheoryData<Kind, Fault, FailureCode, bool>();
        foreach (var kind in new[] { Kind.OpenAi, Kind.Unified, Kind.GptImage2Ai, Kind.YyCode })
        {
            data.Add(kind, Fault.ServerError, FailureCode.UpstreamUnavailable, true);
            data.Add(kind, Fault.RateLimited, FailureCode.UpstreamRateLimited, true);
            data.Add(kind, Fault.Hang, FailureCode.UpstreamTimeout, true);
            data.Add(kind, Fault.Malformed, FailureCode.UpstreamBadAnswer, true);
            data.Add(kind, Fault.Unauthorized, FailureCode.UpstreamAuth, true);
            data.Add(kind, Fault.PaymentRequired, FailureCode.UpstreamBalance, true);
            data.Add(kind, Fault.Moderation, FailureCode.ModerationBlocked, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SubmitFaults))]
    public async Task Submit_faults_map_to_SPEC_10_retryable_or_final_failures(Kind kind, Fault fault, FailureCode code, bool retryable)
    {
        await using var rig = await ClientRig.StartAsync(kind, fault, timeoutSeconds: 1);

        var failed = Assert.IsType<ProviderOutcome.Failed>(await rig.RunAsync(ClientRig.Generate(quality: Quality.Medium)));

        Assert.Equal((code, retryable), (failed.Code, failed.Retryable));
        Assert.DoesNotContain(FakeUpstream.Key, failed.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(rig.BlobRoot) ? Directory.GetFiles(rig.BlobRoot, "*.png", SearchOption.AllDirectories) : []);
        if (fault == Fault.RateLimited)
        {
            Assert.Equal(TimeSpan.FromSeconds(FakeUpstream.RetryAfterSeconds), failed.RetryAfter);
        }
        if (fault == Fault.Moderation && kind != Kind.GptImage2Ai)
        {
            Assert.Equal(FakeUpstream.ModerationMessage, failed.Message);
        }
    }

    public static TheoryData<Kind, Fault, FailureCode> JobFaults()
    {
        var data = new TheoryData<Kind, Fault, FailureCode>();
        foreach (var kind in new[] { Kind.Unified, Kind.GptImage2Ai, Kind.YyCode })
        {
            data.Add(kind, Fault.StaysRunning, FailureCode.UpstreamTimeout);
            data.Add(kind, Fault.JobFails, FailureCode.UpstreamFailed);
            if (kind != Kind.YyCode)
            {
                data.Add(kind, Fault.FileMissing, FailureCode.UpstreamResultLost);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(JobFaults))]
    public async Task Faults_after_the_job_was_accepted_fail_without_going_elsewhere(Kind kind, Fault fault, FailureCode code)
    {
        await using var rig = await ClientRig.StartAsync(kind, fault, pollCeilingSeconds: 1);

        var failed = Assert.IsType<ProviderOutcome.Failed>(await rig.RunAsync(ClientRig.Generate(quality: Quality.Medium)));

        Assert.Equal((code, false), (failed.Code, failed.Retryable));
        Assert.Equal(1, rig.Fake.Submits);
        if (fault == Fault.JobFails && kind != Kind.GptImage2Ai)
        {
            Assert.Equal(FakeUpstream.JobFailureMessage, failed.Message);
        }
    }

    [Fact]
    public async Task OpenAi_reads_the_resolved_quality_from_the_answer()
    {
        await using var rig = await ClientRig.StartAsync(Kind.OpenAi);

        var ok = Assert.IsType<ProviderOutcome.Succeeded>(await rig.RunAsync(ClientRig.Generate(quality: Quality.Auto, count: 2)));

        Assert.Equal(Quality.High, ok.ResolvedQuality);
        Assert.Equal(2, ok.Images.Count);
        Assert.Equal(("gpt-image-2", "2", "1024x1024", "auto"), (rig.Fake.LastFields["model"], rig.Fake.LastFields["n"], rig.Fake.LastFields["size"], rig.Fake.LastFields["quality"]));
        Assert.Equal($"Bearer {FakeUpstream.Key}", rig.Fake.LastHeaders["Authorization"]);
    }

    [Theory]
    [InlineData(Kind.OpenAi, "image[]")]
    [InlineData(Kind.YyCode, "image")]
    public async Task Edits_upload_every_reference_image_and_the_mask(Kind kind, string imageField)
    {
        await using var rig = await ClientRig.StartAsync(kind);
        var edit = ClientRig.Generate(quality: Quality.High) with
        {
            Model = GenerationModel.Edit,
            InputImages = ["input_a"],
            ImageUrls = ["https://images.example/b.png"],
            MaskImage = "input_mask",
        };

        Assert.IsType<ProviderOutcome.Succeeded>(await rig.RunAsync(edit));

        var part = $":image/png:{FixedReferences.Png.Length}";
        Assert.Equal([imageField + part, imageField + part, "mask" + part], rig.Fake.LastFileParts);
        Assert.Equal(("high", "1024x1024"), (rig.Fake.LastFields["quality"], rig.Fake.LastFields["size"]));
    }

    [Fact]
    public async Task YyCode_sends_its_demo_headers_and_the_gateway_address()
    {
        await using var rig = await ClientRig.StartAsync(Kind.YyCode);

        Assert.IsType<ProviderOutcome.Succeeded>(await rig.RunAsync(ClientRig.Generate(quality: Quality.Auto)));

        Assert.Equal((FakeUpstream.Key, "1", "https://yycode.net"), (rig.Fake.LastHeaders["x-demo-api-key"], rig.Fake.LastHeaders["x-demo-async"], rig.Fake.LastHeaders["x-demo-base-url"]));
        Assert.False(rig.Fake.LastHeaders.ContainsKey("Authorization"));
        Assert.Equal("medium", rig.Fake.LastFields["quality"]);
    }

    [Fact]
    public async Task Unified_sends_preset_sizes_as_ratio_and_resolution_and_edits_as_the_edit_model()
    {
        await using var rig = await ClientRig.StartAsync(Kind.Unified);
        var edit = ClientRig.Generate(quality: Quality.Low, size: new ImageSize(3840, 2160)) with
        {
            Model = GenerationModel.Edit,
            ImageUrls = ["https://images.example/a.png"],
        };

        Assert.IsType<ProviderOutcome.Succeeded>(await rig.RunAsync(edit));

        var f = rig.Fake.LastFields;
        Assert.Equal(("gpt-image-2-edit", "16:9", "4K", "low"), (f["model"], f["input.size"], f["input.resolution"], f["input.quality"]));
    }

    [Theory]
    [InlineData(Kind.Unified, 2, null)]
    [InlineData(Kind.GptImage2Ai, 1, Quality.High)]
    [InlineData(Kind.GptImage2Ai, 5, null)]
    public async Task What_an_upstream_cannot_express_is_refused_before_anything_is_sent(Kind kind, int count, Quality? quality)
    {
        await using var rig = await ClientRig.StartAsync(kind);
        var request = ClientRig.Generate(quality: quality ?? Quality.Medium, count: count);

        Assert.NotNull(rig.Provider.CannotServe(request));
        Assert.NotNull(rig.Provider.CannotServe(request with { ImageCount = 1, Quality = Quality.Medium, Size = new ImageSize(1536, 1024), Model = GenerationModel.Edit, InputImages = ["input_a"], MaskImage = "input_mask" }));
        Assert.Null(rig.Provider.CannotServe(ClientRig.Generate(quality: Quality.Medium)));
    }
}
