using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>The document's title, description, tags and servers, and an operation id for every operation.</summary>
public static class DocumentInfo
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Unified (PoYo / APIDot)"] = "The native dialect, PoYo's and APIDot's wire (SPEC §4): submit, poll, cancel, events; answers in {code, data}.",
        ["Account self-service"] = "The key holder's own account: balance, ledger, usage and (owner keys) its keys.",
        ["Webhooks"] = "The account's webhook secret and deliveries (Standard Webhooks).",
        ["GPTImage2.ai"] = "GPTImage2.ai's dialect (SPEC §5): camelCase JSON, jobs polled at /api/generate/{jobId}.",
        ["YYCode"] = "YYCode's dialect (SPEC §6): camelCase JSON, the key also in x-demo-api-key, jobs polled without a key.",
        ["OpenAI Images API"] = "OpenAI's Images API (SPEC §7): synchronous answers, or server-sent events with stream: true.",
        ["Admin"] = "The operator's API behind the admin key (SPEC §11); errors in the native envelope.",
        ["Files"] = "Stored outputs at signed, expiring URLs (SPEC §8).",
        ["Operations"] = "Liveness and readiness checks.",
    };

    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Easel";
        document.Info.Description = "Self-hosted GPT Image 2 API. Native (PoYo / APIDot) dialect with Easel extensions: "
            + "Idempotency-Key on every dialect's submitting POSTs, Prefer: wait=N (N ≤ 60) on the native submit. "
            + "Webhooks for callback_url follow Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature v1 HMAC-SHA256 "
            + "with the account's whsec_ secret). Per-key limits answer 429 rate_limited with Retry-After; 503 also carries Retry-After. "
            + "Also speaks GPTImage2.ai (/api/generate), YYCode (/api/images/*, /api/jobs/{jobId}) and OpenAI's Images API "
            + "(/v1/images/*, with response_format=url as an extension). Each route's errors come in its dialect's shape.";
        document.Tags = Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToHashSet();
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
        return Task.CompletedTask;
    }

    /// <summary>The method and the path's words, e.g. <c>getApiGenerateStatusByTaskId</c>: unique, as each method and path is.</summary>
    public static Task NameAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var words = (context.Description.RelativePath ?? "").Split(['/', '-', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.StartsWith('{') ? "By" + Capital(w.Trim('{', '}').Split(':')[0]) : Capital(w));
        operation.OperationId = (context.Description.HttpMethod ?? "").ToLowerInvariant() + string.Concat(words);
        return Task.CompletedTask;
    }

    private static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
