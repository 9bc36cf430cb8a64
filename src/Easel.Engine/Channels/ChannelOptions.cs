using Easel.Core;

namespace Easel.Engine.Channels;

/// <summary>One <c>Easel:Channels:&lt;name&gt;</c> section (SPEC §13): an upstream and how much of the traffic it takes.</summary>
public sealed class ChannelOptions
{
    public static readonly string[] Types = [ChannelTypes.OpenAi, ChannelTypes.Unified, ChannelTypes.GptImage2Ai, ChannelTypes.YyCode, ChannelTypes.Sandbox];

    public string Type { get; set; } = "";

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The upstream's model name (Azure: the deployment name). Default <c>gpt-image-2</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The Easel models this channel serves; default both.</summary>
    public string[] Models { get; set; } = [];

    /// <summary>Lower goes first; channels of equal priority share by <see cref="Weight"/>.</summary>
    public int Priority { get; set; }

    public int Weight { get; set; } = 1;

    public int MaxConcurrency { get; set; } = 16;

    /// <summary>The longest one HTTP exchange with the upstream may take, the whole body included.</summary>
    public int TimeoutSeconds { get; set; } = 300;

    public int PollIntervalMs { get; set; } = 2000;

    /// <summary>How long an async upstream's job may stay unfinished before the task fails (with a refund).</summary>
    public int PollCeilingSeconds { get; set; } = 540;

    /// <summary><c>bearer</c> (default) or <c>api-key</c> (Azure OpenAI keys).</summary>
    public string KeyHeader { get; set; } = "bearer";

    public string UpstreamModel => string.IsNullOrWhiteSpace(Model) ? GenerationModels.GenerateName : Model;

    public IReadOnlyList<GenerationModel> ServedModels => Models.Length == 0
        ? [GenerationModel.Generate, GenerationModel.Edit]
        : Models.Select(m => GenerationModels.TryParse(m, out var model) ? model : GenerationModel.Generate).Distinct().ToList();

    /// <summary>What is wrong with this section, in words an operator can act on.</summary>
    public IEnumerable<string> Problems(string name)
    {
        var at = $"Easel:Channels:{name}";
        if (!Types.Contains(Type))
        {
            yield return $"{at}:Type must be one of {string.Join(", ", Types)} (got '{Type}')";
            yield break;
        }
        if (Type != ChannelTypes.Sandbox)
        {
            if (!GenerationRules.IsHttpUrl(BaseUrl))
            {
                yield return $"{at}:BaseUrl must be an absolute http or https URL";
            }
            if (string.IsNullOrWhiteSpace(ApiKey) && Type != ChannelTypes.OpenAi)
            {
                yield return $"{at}:ApiKey is required for a {Type} channel";
            }
        }
        foreach (var model in Models.Where(m => !GenerationModels.TryParse(m, out _)))
        {
            yield return $"{at}:Models may hold only {GenerationModels.GenerateName} and {GenerationModels.EditName} (got '{model}')";
        }
        if (Priority is < 0 or > 1000)
        {
            yield return $"{at}:Priority must be between 0 and 1000";
        }
        if (Weight is < 1 or > 1000)
        {
            yield return $"{at}:Weight must be between 1 and 1000";
        }
        if (MaxConcurrency is < 1 or > 1024)
        {
            yield return $"{at}:MaxConcurrency must be between 1 and 1024";
        }
        if (TimeoutSeconds is < 1 or > 3600)
        {
            yield return $"{at}:TimeoutSeconds must be between 1 and 3600";
        }
        if (PollIntervalMs is < 10 or > 600_000)
        {
            yield return $"{at}:PollIntervalMs must be between 10 and 600000";
        }
        if (PollCeilingSeconds is < 1 or > 86_400)
        {
            yield return $"{at}:PollCeilingSeconds must be between 1 and 86400";
        }
        if (KeyHeader is not ("bearer" or "api-key"))
        {
            yield return $"{at}:KeyHeader must be bearer or api-key";
        }
    }
}

public static class ChannelTypes
{
    public const string OpenAi = "openai";
    public const string Unified = "unified";
    public const string GptImage2Ai = "gptimage2ai";
    public const string YyCode = "yycode";
    public const string Sandbox = "sandbox";
}

/// <summary>The <c>Easel:Routing</c> section: failover and the per-channel circuit breaker.</summary>
public sealed class RoutingOptions
{
    /// <summary>How many channels one run of a task may try (SPEC §10's retryable failures move to the next).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Consecutive retryable failures that open a channel's breaker.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long an open breaker keeps the channel out before one trial request is let through.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int BreakerSeconds { get; set; } = 30;
}
