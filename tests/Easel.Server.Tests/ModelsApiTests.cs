using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary><c>GET /api/models</c> (SPEC §14): the native models, what their submit accepts and what an image costs.</summary>
public sealed class ModelsApiTests
{
    private static readonly string[] Ratios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    [Fact]
    public async Task Both_models_are_listed_with_their_options_and_the_default_prices_of_SPEC_3()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(role: "member");

        var models = await ModelsAsync(tenant.Client);

        Assert.Equal(["gpt-image-2", "gpt-image-2-edit"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["generate", "edit"], models.Select(m => m.GetProperty("kind").GetString()));
        foreach (var model in models)
        {
            Assert.Equal(["low", "medium", "high", "auto"], Words(model, "qualities"));
            Assert.Equal(["1K", "2K", "4K"], Words(model, "resolutions"));
            Assert.Equal(["auto", .. Ratios], Words(model, "sizes"));
            Assert.True(model.GetProperty("custom_sizes").GetBoolean());
            Assert.Equal(
                """{"low":{"1K":1,"2K":2,"4K":4},"medium":{"1K":3,"2K":6,"4K":12},"high":{"1K":12,"2K":24,"4K":48},"auto":{"1K":12,"2K":24,"4K":48}}""",
                model.GetProperty("credits_per_image").GetRawText());
        }
        Assert.False(models[0].TryGetProperty("max_reference_images", out _));
        Assert.Equal(16, models[1].GetProperty("max_reference_images").GetInt32());
    }

    [Fact]
    public async Task An_operator_price_table_is_shown_and_is_what_a_submit_reserves()
    {
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Prices:Low:1K", "5"), ("Easel:Prices:High:4K", "99"), ("Easel:Sandbox:LatencyMs", "600000")]);
        var tenant = await server.CreateTenantAsync(credits: 1000);

        var prices = (await ModelsAsync(tenant.Client))[0].GetProperty("credits_per_image");

        Assert.Equal(5, prices.GetProperty("low").GetProperty("1K").GetInt32());
        Assert.Equal(99, prices.GetProperty("high").GetProperty("4K").GetInt32());
        Assert.Equal(99, prices.GetProperty("auto").GetProperty("4K").GetInt32());
        Assert.Equal(6, prices.GetProperty("medium").GetProperty("2K").GetInt32());
        await tenant.SubmitOkAsync(Tenant.Submit(quality: "low", size: "1:1", resolution: "1K"));
        await tenant.SubmitOkAsync(Tenant.Submit(quality: "auto", size: "16:9", resolution: "4K"));
        var reserves = (await server.LedgerAsync(tenant.AccountId)).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "reserve").Select(e => e.GetProperty("amount").GetInt64());
        Assert.Equal([5L, 99], reserves);
    }

    [Fact]
    public async Task Every_listed_size_is_one_the_native_submit_accepts_at_every_resolution()
    {
        // The tasks wait in the sandbox until the server stops: this is about what submit accepts, not 44 renders.
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "600000"));
        var tenant = await server.CreateTenantAsync(mode: "test");
        var model = (await ModelsAsync(tenant.Client))[0];

        foreach (var size in Words(model, "sizes"))
        {
            foreach (var resolution in Words(model, "resolutions"))
            {
                var (status, body) = await tenant.SubmitAsync(Tenant.Submit(size: size!, resolution: resolution!));
                Assert.True(status == 200, $"size {size} at {resolution} answered {status}: {body}");
            }
        }
        var (refused, error) = await tenant.SubmitAsync(Tenant.Submit(size: "7:5"));
        EnvelopeAssert.Error("an unlisted ratio", refused, error, 400, "invalid_request_error", "input.size");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_live_doesnotexist")]
    [InlineData(EaselServer.AdminKey)]
    public async Task Without_an_api_key_the_models_are_401_in_the_native_shape(string? key)
    {
        await using var server = await EaselServer.StartAsync();
        using var client = server.NewClient(key);

        var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, "/api/models");

        EnvelopeAssert.Error("models without a key", status, body, 401, "authentication_error", "API key");
    }

    private static async Task<List<JsonElement>> ModelsAsync(HttpClient client)
    {
        var (status, body, _) = await EaselServer.SendAsync(client, HttpMethod.Get, "/api/models");
        Assert.True(status == 200, $"models answered {status}: {body}");
        Assert.Equal(200, body.GetProperty("code").GetInt32());
        return [.. body.GetProperty("data").GetProperty("models").EnumerateArray()];
    }

    private static List<string?> Words(JsonElement model, string name) => [.. model.GetProperty(name).EnumerateArray().Select(w => w.GetString())];
}
