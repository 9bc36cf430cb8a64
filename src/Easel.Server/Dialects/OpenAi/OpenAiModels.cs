using System.Text.Json;
using System.Text.Json.Serialization;
using Easel.Core;
using Easel.Engine;
using Easel.Server.Http;
using Easel.Server.OpenApi;

namespace Easel.Server.Dialects.OpenAi;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{model}</c> in OpenAI's list format (SPEC §14): the canonical models and every
/// alias in force, so OpenAI-compatible tools that discover models before they offer image generation find them.
/// </summary>
public static class OpenAiModels
{
    public const string OwnedBy = "easel";

    /// <summary>A fixed time (2026-01-01): the list must not change from one call or node to the next.</summary>
    public const long Created = 1767225600;

    public static IEndpointRouteBuilder MapOpenAiModels(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models").AddEndpointFilter(CallerAuth.Required(OpenAiApi.Error)).Refuses(401).WithTags("OpenAI Images API");
        models.MapGet("", List).Produces<OpenAiModelList>().WithSummary("The models and aliases Easel accepts, in OpenAI's list format");
        models.MapGet("/{model}", Retrieve).Produces<OpenAiModel>().Refuses(404).WithSummary("One model, alias or dated snapshot");
        return app;
    }

    private static JsonReply List(TaskService tasks)
    {
        var list = new OpenAiModelList("list", [.. Names(tasks.Models).Select(Model)]);
        return new JsonReply(200, JsonSerializer.SerializeToUtf8Bytes(list, OpenAiModelsJson.Wire.OpenAiModelList));
    }

    /// <summary>Any accepted name, a dated snapshot included.</summary>
    private static JsonReply Retrieve(string model, TaskService tasks) =>
        tasks.Models.TryResolve(model, edits: false, out _)
            ? new JsonReply(200, JsonSerializer.SerializeToUtf8Bytes(Model(model), OpenAiModelsJson.Wire.OpenAiModel))
            : OpenAiApi.Error(RequestError.NotFound($"The model '{ModelNames.Shown(model)}' does not exist") with { Code = "model_not_found" });

    private static IEnumerable<string> Names(ModelNames models) => [GenerationModels.GenerateName, GenerationModels.EditName, .. models.Aliases];

    private static OpenAiModel Model(string id) => new(id, "model", Created, OwnedBy);
}

public sealed record OpenAiModel(string Id, [property: JsonPropertyName("object")] string Kind, long Created, string OwnedBy);

public sealed record OpenAiModelList([property: JsonPropertyName("object")] string Kind, IReadOnlyList<OpenAiModel> Data);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiModelList))]
[JsonSerializable(typeof(OpenAiModel))]
public sealed partial class OpenAiModelsJson : JsonSerializerContext
{
    public static OpenAiModelsJson Wire { get; } = new(WireOptions.Create(JsonNamingPolicy.SnakeCaseLower));
}
