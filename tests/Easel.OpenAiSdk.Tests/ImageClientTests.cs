using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Easel.Core;
using Easel.Imaging;
using Easel.Server.Tests.Support;
using OpenAI;
using OpenAI.Images;

// The SDK marks its image metadata and streaming members as evaluation-only; they are what these tests pin.
#pragma warning disable OPENAI001

namespace Easel.OpenAiSdk.Tests;

/// <summary>One Easel for every SDK call; each test gets its own funded account.</summary>
public sealed class SdkServer : IAsyncLifetime
{
    public EaselServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await EaselServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    public async Task<(ImageClient Client, Tenant Tenant)> ClientAsync(long credits = 1000)
    {
        var tenant = await Server.CreateTenantAsync(credits);
        return (ClientFor(tenant.Key), tenant);
    }

    /// <summary>OpenAI's own client, pointed at Easel by changing only the base URL.</summary>
    public ImageClient ClientFor(string key) =>
        new("gpt-image-2", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(Server.BaseAddress, "/v1") });
}

/// <summary>Drives Easel through the official OpenAI .NET SDK (2.15), as a client written for OpenAI would.</summary>
public sealed class ImageClientTests(SdkServer fixture) : IClassFixture<SdkServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateImage_returns_a_real_image_with_the_resolved_values()
    {
        var (client, tenant) = await fixture.ClientAsync();

        OpenAI.Images.GeneratedImage image = await client.GenerateImageAsync("a red fox in the snow", new ImageGenerationOptions { Quality = GeneratedImageQuality.LowQuality }, Ct);

        var png = PngCodec.Decode(image.ImageBytes.ToArray());
        Assert.Equal((1024, 1024), (png.Width, png.Height));
        Assert.Equal(999, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task GenerateImages_with_n_2_returns_two_different_images_and_the_collection_metadata()
    {
        var (client, _) = await fixture.ClientAsync();

        GeneratedImageCollection images = await client.GenerateImagesAsync("two kites", 2, new ImageGenerationOptions { Quality = GeneratedImageQuality.MediumQuality }, Ct);

        Assert.Equal(2, images.Count);
        Assert.NotEqual(images[0].ImageBytes.ToArray(), images[1].ImageBytes.ToArray());
        Assert.Equal(GeneratedImageQuality.MediumQuality, images.Quality);
        Assert.Equal(GeneratedImageSize.W1024xH1024, images.Size);
        Assert.Equal(GeneratedImageFileFormat.Png, images.OutputFileFormat);
        Assert.NotNull(images.Usage);
        Assert.True(DateTimeOffset.UtcNow - images.CreatedAt < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_custom_GeneratedImageSize_is_rendered_at_exactly_that_size()
    {
        var (client, _) = await fixture.ClientAsync();
        var options = new ImageGenerationOptions { Size = new GeneratedImageSize(1152, 864), Quality = GeneratedImageQuality.LowQuality };

        OpenAI.Images.GeneratedImage image = await client.GenerateImageAsync("a wide valley", options, Ct);

        var png = PngCodec.Decode(image.ImageBytes.ToArray());
        Assert.Equal((1152, 864), (png.Width, png.Height));
    }

    [Fact]
    public async Task GenerateImageEdit_without_a_mask_edits_the_whole_image()
    {
        var (client, _) = await fixture.ClientAsync();
        using var source = new MemoryStream(TestImages.Png(512, 512));

        OpenAI.Images.GeneratedImage image = await client.GenerateImageEditAsync(source, "source.png", "make it a watercolor", new ImageEditOptions { Size = GeneratedImageSize.W1024xH1024 }, Ct);

        var png = PngCodec.Decode(image.ImageBytes.ToArray());
        Assert.Equal((1024, 1024), (png.Width, png.Height));
        Assert.True(TestImages.Changed(png, 0, png.Width, 30, 140, 200) > png.Width * png.Height * 9 / 10, "the image was not edited all over");
    }

    [Fact]
    public async Task GenerateImageEdit_with_a_mask_edits_only_where_the_mask_is_transparent()
    {
        var (client, _) = await fixture.ClientAsync();
        using var source = new MemoryStream(TestImages.Png(512, 512));
        using var mask = new MemoryStream(TestImages.LeftHalfMask(512, 512));

        OpenAI.Images.GeneratedImage image = await client.GenerateImageEditAsync(source, "source.png", "paint the left half", mask, "mask.png", new ImageEditOptions { Size = GeneratedImageSize.W1024xH1024 }, Ct);

        var png = PngCodec.Decode(image.ImageBytes.ToArray());
        var half = png.Width / 2;
        Assert.True(TestImages.Changed(png, 0, half, 30, 140, 200) > half * png.Height * 9 / 10, "the masked half was not edited");
        Assert.True(TestImages.Changed(png, half, png.Width, 30, 140, 200) < half * png.Height / 5, "the kept half was edited");
    }

    [Fact]
    public async Task An_invalid_key_surfaces_as_the_sdks_401()
    {
        var client = fixture.ClientFor("sk_live_not_a_real_key");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImageAsync("a red fox", cancellationToken: Ct));

        Assert.Equal(401, error.Status);
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_sends_partial_frames_then_a_completed_frame_as_the_sdk_reads_them()
    {
        var (client, _) = await fixture.ClientAsync();
        var body = BinaryContent.Create(BinaryData.FromString("""{"model":"gpt-image-2","prompt":"a comet","quality":"low","stream":true,"partial_images":2}"""));

        var stream = await client.GenerateImagesStreamingAsync(body, new RequestOptions { CancellationToken = Ct });
        var frames = new List<(string Type, JsonElement Data)>();
        await foreach (var item in stream)
        {
            frames.Add((item.EventType, JsonDocument.Parse(item.Data.ToString()).RootElement.Clone()));
        }

        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], frames.Select(f => f.Type));
        Assert.Equal([0, 1], frames.Take(2).Select(f => f.Data.GetProperty("partial_image_index").GetInt32()));
        var completed = frames[2].Data;
        Assert.Equal("image_generation.completed", completed.GetProperty("type").GetString());
        Assert.Equal("1024x1024", completed.GetProperty("size").GetString());
        Assert.Equal("low", completed.GetProperty("quality").GetString());
        Assert.Equal(JsonValueKind.Object, completed.GetProperty("usage").ValueKind);
        var final = PngCodec.Decode(Convert.FromBase64String(completed.GetProperty("b64_json").GetString()!));
        Assert.Equal((1024, 1024), (final.Width, final.Height));
        foreach (var (_, partial) in frames.Take(2))
        {
            var bytes = Convert.FromBase64String(partial.GetProperty("b64_json").GetString()!);
            Assert.Equal(OutputFormat.Png, OutputFormats.Sniff(bytes));
            Assert.NotEqual(final.Pixels, PngCodec.Decode(bytes).Pixels);
        }
    }
}
