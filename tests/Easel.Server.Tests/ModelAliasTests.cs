using System.Net;
using System.Text;
using System.Text.Json;
using Easel.Server.Tests.Support;
using Microsoft.Extensions.Options;

namespace Easel.Server.Tests;

/// <summary>Model aliases (SPEC §13) in every dialect, and <c>GET /v1/models</c> (SPEC §14).</summary>
public sealed class ModelAliasTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PoYos_quick_example_verbatim_with_gpt_4o_image_finishes_as_gpt_image_2_and_the_task_keeps_the_name_sent()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);
        // Seed 001's Quick Example, byte for byte as its Python sends it.
        const string quickExample = """{"model": "gpt-4o-image", "callback_url": "https://your-domain.com/callback", "input": {"prompt": "A futuristic city", "size": "1:1"}}""";

        var taskId = await tenant.SubmitOkAsync(quickExample);
        var ended = await tenant.WaitEndAsync(taskId);
        var view = await TaskViewAsync(tenant, taskId);

        Assert.Equal("finished", ended.GetProperty("status").GetString());
        Assert.Equal("gpt-image-2", view.GetProperty("model").GetString());
        Assert.Equal("gpt-4o-image", view.GetProperty("request").GetProperty("requested_model").GetString());
    }

    [Fact]
    public async Task An_alias_with_uploaded_images_edits_and_a_canonical_name_is_kept_as_sent()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);
        using var form = TestImages.Form([("request", """{"model":"gpt-image-1","input":{"prompt":"paint it over","quality":"low"}}""")], [TestImages.Png(64, 64)]);
        using var edit = await tenant.Client.PostAsync("/api/generate/submit", form, Ct);
        var editId = JsonDocument.Parse(await edit.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data").GetProperty("task_id").GetString()!;
        var plainId = await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2"));

        var editView = await TaskViewAsync(tenant, editId);
        var plainView = await TaskViewAsync(tenant, plainId);

        Assert.Equal(("gpt-image-2-edit", "gpt-image-1"), (editView.GetProperty("model").GetString(), editView.GetProperty("request").GetProperty("requested_model").GetString()));
        Assert.Equal(JsonValueKind.Null, plainView.GetProperty("request").GetProperty("requested_model").ValueKind);
    }

    [Theory]
    [InlineData("unified", "/api/generate/submit", """{"model":"dall-e-3","input":{"prompt":"a cat"}}""")]
    [InlineData("yycode", "/api/images/generate", """{"model":"dall-e-3","prompt":"a cat"}""")]
    [InlineData("openai", "/v1/images/generations", """{"model":"gpt-image-9","prompt":"a cat"}""")]
    public async Task An_unknown_model_is_a_400_in_the_dialects_shape_that_lists_the_accepted_names_and_changes_nothing(string dialect, string path, string body)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 10);

        var (status, answer, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, path, body);

        Assert.Equal(400, status);
        var text = answer.GetRawText();
        Assert.Contains("unknown model", text, StringComparison.Ordinal);
        Assert.Contains("gpt-image-2-edit", text, StringComparison.Ordinal);
        Assert.Contains("gpt-4o-image", text, StringComparison.Ordinal);
        Assert.True(dialect != "openai" || answer.GetProperty("error").GetProperty("param").GetString() == "model", text);
        await EnvelopeAssert.UntouchedAsync(dialect, server, tenant.AccountId, 10);
    }

    [Fact]
    public async Task Yycode_and_openai_accept_aliases_and_dated_snapshots_and_their_edit_routes_edit()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (yy, yyBody, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/images/generate", """{"model":"gpt-image-1.5","prompt":"a cat","quality":"low"}""");
        var (dated, datedBody, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/v1/images/generations", """{"model":"gpt-image-2-2026-04-21","prompt":"a cat","quality":"low"}""");
        using var form = TestImages.Form([("model", "chatgpt-image-latest"), ("prompt", "paint it over"), ("quality", "low")], [TestImages.Png(64, 64)]);
        using var edit = await tenant.Client.PostAsync("/v1/images/edits", form, Ct);

        Assert.True(yy == 200, yyBody.GetRawText());
        Assert.True(dated == 200, datedBody.GetRawText());
        Assert.True(edit.StatusCode == HttpStatusCode.OK, await edit.Content.ReadAsStringAsync(Ct));
        var tasks = JsonDocument.Parse(await server.Admin.GetStringAsync($"/admin/tasks?account={tenant.AccountId}", Ct)).RootElement.GetProperty("tasks");
        Assert.Equal(["gpt-image-2", "gpt-image-2", "gpt-image-2-edit"], tasks.EnumerateArray().Select(t => t.GetProperty("model").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Configured_aliases_add_to_the_shipped_ones_and_an_empty_one_removes_a_shipped_alias()
    {
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Models:Aliases:house-painter", "gpt-image-2"), ("Easel:Models:Aliases:gpt-4o-image", "")]);
        var tenant = await server.CreateTenantAsync(credits: 100);

        var house = await tenant.SubmitAsync(Tenant.Submit(model: "house-painter"));
        var removed = await tenant.SubmitAsync(Tenant.Submit(model: "gpt-4o-image"));
        using var openAi = server.NewClient(tenant.Key);
        var listed = JsonDocument.Parse(await openAi.GetStringAsync("/v1/models", Ct)).RootElement;

        Assert.Equal(200, house.Status);
        Assert.Equal(400, removed.Status);
        var accepted = removed.Body.GetProperty("error").GetProperty("message").GetString()!.Split(": use ")[1];
        Assert.Contains("house-painter", accepted, StringComparison.Ordinal);
        Assert.DoesNotContain("gpt-4o-image", accepted, StringComparison.Ordinal);
        var ids = listed.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("house-painter", ids);
        Assert.DoesNotContain("gpt-4o-image", ids);
    }

    [Theory]
    [InlineData("Easel:Models:Aliases:my-model", "dall-e-3")]
    [InlineData("Easel:Models:Aliases:gpt-image-2", "gpt-image-2-edit")]
    public async Task An_alias_that_names_no_model_or_shadows_one_stops_the_start(string setting, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => EaselServer.StartAsync(settings: (setting, value)));
        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_are_listed_and_retrieved_in_OpenAIs_format_with_OpenAIs_errors()
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync();
        using var anonymous = server.NewClient();

        var list = JsonDocument.Parse(await tenant.Client.GetStringAsync("/v1/models", Ct)).RootElement;
        var (one, model, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/v1/models/gpt-image-2-2026-04-21");
        var (missing, missingBody, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, "/v1/models/dall-e-3");
        var (unauthorized, unauthorizedBody, _) = await EaselServer.SendAsync(anonymous, HttpMethod.Get, "/v1/models");

        Assert.Equal("list", list.GetProperty("object").GetString());
        var first = list.GetProperty("data")[0];
        Assert.Equal(["id", "object", "created", "owned_by"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("model", first.GetProperty("object").GetString());
        Assert.Equal(["gpt-image-2", "gpt-image-2-edit", "chatgpt-image-latest", "gpt-4o-image", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"],
            list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal((200, "gpt-image-2-2026-04-21"), (one, model.GetProperty("id").GetString()));
        Assert.Equal((404, "model_not_found"), (missing, missingBody.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(401, unauthorized);
        Assert.Equal("invalid_api_key", unauthorizedBody.GetProperty("error").GetProperty("code").GetString());
    }

    private static async Task<JsonElement> TaskViewAsync(Tenant tenant, string taskId) =>
        JsonDocument.Parse(await tenant.Client.GetStringAsync($"/api/generate/tasks/{taskId}")).RootElement.GetProperty("data").Clone();
}
