using System.ClientModel;
using OpenAI;
using OpenAI.Images;
using OpenAI.Models;

// The SDK marks its image quality members as evaluation-only.
#pragma warning disable OPENAI001

namespace Easel.OpenAiSdk.Tests;

/// <summary>Model discovery and OpenAI's older model names through the official SDK, as OpenAI-compatible tools use them.</summary>
public sealed class ModelClientTests(SdkServer fixture) : IClassFixture<SdkServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_SDK_lists_the_models_and_aliases_and_retrieves_one()
    {
        var tenant = await fixture.Server.CreateTenantAsync();
        var models = new OpenAIModelClient(new ApiKeyCredential(tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "/v1") });

        OpenAIModelCollection listed = await models.GetModelsAsync(Ct);
        OpenAIModel alias = await models.GetModelAsync("gpt-image-1", Ct);

        Assert.Equal(["chatgpt-image-latest", "gpt-4o-image", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-edit"],
            listed.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, m => Assert.Equal("easel", m.OwnedBy));
        Assert.Equal(("gpt-image-1", "easel"), (alias.Id, alias.OwnedBy));
    }

    [Fact]
    public async Task An_image_client_made_for_gpt_image_1_generates_with_gpt_image_2_and_is_charged_its_price()
    {
        var tenant = await fixture.Server.CreateTenantAsync(credits: 100);
        var client = new ImageClient("gpt-image-1", new ApiKeyCredential(tenant.Key), new OpenAIClientOptions { Endpoint = new Uri(fixture.Server.BaseAddress, "/v1") });

        GeneratedImage image = await client.GenerateImageAsync("a lighthouse at dusk", new ImageGenerationOptions { Quality = GeneratedImageQuality.LowQuality }, Ct);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.ImageBytes.ToArray()[..4]);
        Assert.Equal(99, (await fixture.Server.AccountAsync(tenant.AccountId)).GetProperty("balance").GetInt64());
    }
}
