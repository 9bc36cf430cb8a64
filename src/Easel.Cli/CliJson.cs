using System.Text.Json.Serialization;
using Easel.Client;

namespace Easel.Cli;

/// <summary>What <c>--json</c> prints: the SDK's own shapes, so the fields are the API's.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(ImageTask))]
[JsonSerializable(typeof(ImageTaskStatus))]
[JsonSerializable(typeof(List<ImageTask>))]
[JsonSerializable(typeof(AccountBalance))]
[JsonSerializable(typeof(IReadOnlyList<UsageDay>))]
[JsonSerializable(typeof(List<ApiKey>))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(WebhookSecret))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(List<WebhookDelivery>))]
[JsonSerializable(typeof(AdminAccount))]
[JsonSerializable(typeof(List<AdminAccount>))]
[JsonSerializable(typeof(List<AdminTask>))]
[JsonSerializable(typeof(IReadOnlyList<ChannelHealth>))]
[JsonSerializable(typeof(QueueStatus))]
[JsonSerializable(typeof(GenerateResult))]
[JsonSerializable(typeof(DownloadResult))]
internal sealed partial class CliJson : JsonSerializerContext;

/// <summary><c>easel generate --json</c>: the ended tasks, the files written and the credits spent.</summary>
public sealed record GenerateResult(
    [property: JsonPropertyName("tasks")] IReadOnlyList<ImageTask> Tasks,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("credits")] long Credits);

/// <summary><c>easel download --json</c>: the files written.</summary>
public sealed record DownloadResult(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files);
