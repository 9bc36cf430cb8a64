using System.Text.Json.Serialization;

namespace Easel.Client.Http;

/// <summary>Every native answer: <c>{"code":200,"data":…}</c>.</summary>
internal sealed record Envelope<T>([property: JsonPropertyName("data")] T Data);

internal sealed record SubmitBody(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl,
    [property: JsonPropertyName("input")] SubmitInput Input);

internal sealed record SubmitInput(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("quality")] ImageQuality? Quality,
    [property: JsonPropertyName("size")] string? Size,
    [property: JsonPropertyName("resolution")] ImageResolution? Resolution,
    [property: JsonPropertyName("output_format")] ImageFormat? OutputFormat,
    [property: JsonPropertyName("background")] ImageBackground? Background,
    [property: JsonPropertyName("image_urls")] IReadOnlyList<string>? ImageUrls);

internal sealed record TaskPage(
    [property: JsonPropertyName("tasks")] IReadOnlyList<ImageTask> Tasks,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record KeyPage(
    [property: JsonPropertyName("keys")] IReadOnlyList<ApiKey> Keys,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record LedgerPage(
    [property: JsonPropertyName("entries")] IReadOnlyList<LedgerEntry> Entries,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record UsageReport([property: JsonPropertyName("days")] IReadOnlyList<UsageDay> Days);

internal sealed record ModelList([property: JsonPropertyName("models")] IReadOnlyList<ModelInfo> Models);

internal sealed record DeliveryPage(
    [property: JsonPropertyName("deliveries")] IReadOnlyList<WebhookDelivery> Deliveries,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SubmitBody))]
[JsonSerializable(typeof(Envelope<ImageTaskStatus>))]
[JsonSerializable(typeof(Envelope<ImageTask>))]
[JsonSerializable(typeof(Envelope<TaskPage>))]
[JsonSerializable(typeof(Envelope<AccountBalance>))]
[JsonSerializable(typeof(Envelope<LedgerPage>))]
[JsonSerializable(typeof(Envelope<UsageReport>))]
[JsonSerializable(typeof(Envelope<ModelList>))]
[JsonSerializable(typeof(Envelope<KeyPage>))]
[JsonSerializable(typeof(Envelope<ApiKey>))]
[JsonSerializable(typeof(Envelope<WebhookDelivery>))]
[JsonSerializable(typeof(Envelope<DeliveryPage>))]
[JsonSerializable(typeof(NewApiKey))]
[JsonSerializable(typeof(ApiKeyLimits))]
[JsonSerializable(typeof(WebhookSecret))]
[JsonSerializable(typeof(ImageTaskStatus))]
internal sealed partial class EaselJson : JsonSerializerContext;

internal sealed record NewAccount([property: JsonPropertyName("name")] string Name);

internal sealed record Grant([property: JsonPropertyName("amount")] long Amount, [property: JsonPropertyName("reason")] string? Reason);

internal sealed record AccountPage(
    [property: JsonPropertyName("accounts")] IReadOnlyList<AdminAccount> Accounts,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

internal sealed record AdminTaskPage(
    [property: JsonPropertyName("tasks")] IReadOnlyList<AdminTask> Tasks,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary>The admin API's answers, which carry no envelope.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NewAccount))]
[JsonSerializable(typeof(Grant))]
[JsonSerializable(typeof(AccountSettings))]
[JsonSerializable(typeof(AdminAccount))]
[JsonSerializable(typeof(AccountPage))]
[JsonSerializable(typeof(KeyPage))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(NewApiKey))]
[JsonSerializable(typeof(ApiKeyLimits))]
[JsonSerializable(typeof(AdminTaskPage), TypeInfoPropertyName = "TaskPage")]
[JsonSerializable(typeof(IReadOnlyList<ChannelHealth>))]
[JsonSerializable(typeof(QueueStatus))]
internal sealed partial class AdminJson : JsonSerializerContext;
