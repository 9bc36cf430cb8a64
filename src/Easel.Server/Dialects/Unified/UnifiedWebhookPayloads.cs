using System.Text.Json;
using Easel.Engine;
using Easel.Engine.Webhooks;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Server.Dialects.Unified;

/// <summary>A callback carries the same body as the status response (SPEC §9), file links on the base the task was submitted through.</summary>
public sealed class UnifiedWebhookPayloads(FileUrls urls, IOptions<EaselOptions> options) : IWebhookPayloads
{
    private const string FallbackBase = "http://localhost";

    public byte[] Render(TaskRecord task, string? fileBase)
    {
        var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? fileBase ?? FallbackBase;
        return JsonSerializer.SerializeToUtf8Bytes(
            new UnifiedEnvelope<UnifiedStatus>(200, UnifiedReplies.Status(task, urls, baseUrl)), UnifiedJson.Wire.UnifiedEnvelopeUnifiedStatus);
    }
}
