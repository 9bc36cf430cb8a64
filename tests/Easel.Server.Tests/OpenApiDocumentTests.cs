using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>The OpenAPI document describes the routes the Studio and the SDK use, from the routes' own metadata.</summary>
public sealed class OpenApiDocumentTests
{
    [Theory]
    [InlineData("/api/models", "UnifiedEnvelopeOfUnifiedModelList")]
    [InlineData("/api/account/ledger", "UnifiedEnvelopeOfAccountLedgerPage")]
    [InlineData("/api/account/usage", "UnifiedEnvelopeOfAccountUsage")]
    [InlineData("/api/account/webhooks", "UnifiedEnvelopeOfWebhookDeliveryList")]
    [InlineData("/admin/queue", "AdminQueueView")]
    [InlineData("/api/generate/tasks", "UnifiedEnvelopeOfUnifiedTaskList")]
    [InlineData("/api/generate/tasks/{taskId}", "UnifiedEnvelopeOfUnifiedTaskView")]
    public async Task Each_activity_route_is_documented_with_a_summary_and_its_answer_in_snake_case(string path, string schema)
    {
        var document = await DocumentAsync();

        var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");

        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()));
        var answer = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal($"#/components/schemas/{schema}", answer.GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/UnifiedErrorEnvelope", Ref(get.GetProperty("responses").GetProperty("401")));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var names = NativeSchemas(document).SelectMany(s => schemas.GetProperty(s).TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(n => n.Name) : []);
        Assert.All(names, n => Assert.Equal(n.ToLowerInvariant(), n));
    }

    /// <summary>The schemas the native, account and admin routes use, directly or inside others (GPTImage2.ai and YYCode speak camelCase).</summary>
    private static HashSet<string> NativeSchemas(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var found = new HashSet<string>();
        var pending = new Stack<JsonElement>(document.GetProperty("paths").EnumerateObject()
            .Where(p => Dialects.ErrorShapes.Of(p.Name) == Dialects.ErrorShapes.Native).Select(p => p.Value));
        while (pending.TryPop(out var node))
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                node.EnumerateArray().ToList().ForEach(pending.Push);
            }
            else if (node.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.GetString()!.Split('/')[^1] is var name && found.Add(name))
                    {
                        pending.Push(schemas.GetProperty(name));
                    }
                    pending.Push(property.Value);
                }
            }
        }
        return found;
    }

    [Fact]
    public async Task The_submit_documents_its_json_and_multipart_bodies_and_the_new_input_fields()
    {
        var document = await DocumentAsync();

        var submit = document.GetProperty("paths").GetProperty("/api/generate/submit").GetProperty("post");

        Assert.Contains("output_format", submit.GetProperty("description").GetString(), StringComparison.Ordinal);
        var content = submit.GetProperty("requestBody").GetProperty("content");
        var json = content.GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        Assert.Equal(["model", "callback_url", "input"], json.EnumerateObject().Select(p => p.Name));
        var form = content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        Assert.Equal(["request", "image", "mask"], form.EnumerateObject().Select(p => p.Name));
        Assert.Equal("binary", form.GetProperty("image").GetProperty("items").GetProperty("format").GetString());
        var input = json.GetProperty("input").GetProperty("properties");
        Assert.Contains("png", input.GetProperty("output_format").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("transparent", input.GetProperty("background").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/UnifiedEnvelopeOfUnifiedSubmitted", Ref(submit.GetProperty("responses").GetProperty("200")));
    }

    private static string? Ref(JsonElement response) =>
        response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

    /// <summary>The document a fresh Easel serves.</summary>
    internal static async Task<JsonElement> DocumentAsync()
    {
        await using var server = await EaselServer.StartAsync();
        using var client = server.NewClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.Clone();
    }
}
