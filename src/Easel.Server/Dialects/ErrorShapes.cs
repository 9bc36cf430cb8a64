using Easel.Core;
using Easel.Providers.OpenAi;
using Easel.Server.Dialects.GptImage2Ai;
using Easel.Server.Dialects.OpenAi;
using Easel.Server.Dialects.Unified;
using Easel.Server.Dialects.YyCode;
using Easel.Server.Files;
using Easel.Server.Http;

namespace Easel.Server.Dialects;

/// <summary>How one dialect renders an error, and the type the OpenAPI document shows for it.</summary>
public sealed record ErrorShape(string Dialect, Func<RequestError, JsonReply> Render, Type Schema);

/// <summary>
/// Which dialect a path belongs to, in one place: unexpected failures, unknown routes and wrong methods answer in its shape,
/// and the OpenAPI document shows its error schema.
/// </summary>
public static class ErrorShapes
{
    public static readonly ErrorShape Native = new(UnifiedApi.DialectName, e => UnifiedReplies.Error(e), typeof(UnifiedErrorEnvelope));
    public static readonly ErrorShape GptImage2Ai = new(GptImage2AiApi.DialectName, GptImage2AiApi.Error, typeof(GptImage2AiError));
    public static readonly ErrorShape YyCode = new(YyCodeApi.DialectName, YyCodeApi.Error, typeof(YyCodeReply));
    public static readonly ErrorShape OpenAi = new(OpenAiApi.DialectName, OpenAiApi.Error, typeof(OpenAiError));
    public static readonly ErrorShape Files = new("files", FileApi.Error, typeof(FileError));

    /// <summary>
    /// <c>/v1/</c> OpenAI; <c>/api/images/</c> and <c>/api/jobs/</c> YYCode; <c>/api/generate</c> and
    /// <c>/api/generate/{jobId}</c> GPTImage2.ai; <c>/files/</c> the file routes'; the rest of <c>/api/</c> and <c>/admin/</c>
    /// native; anything else (the Studio's pages) none.
    /// </summary>
    public static ErrorShape? Of(string path)
    {
        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return OpenAi;
        }
        if (path.StartsWith("/api/images/", StringComparison.Ordinal) || path.StartsWith("/api/jobs/", StringComparison.Ordinal))
        {
            return YyCode;
        }
        if (path == GptImage2AiApi.Prefix || (path.StartsWith(GptImage2AiApi.Prefix + "/", StringComparison.Ordinal) && GptImage2AiApi.IsJobId(path[(GptImage2AiApi.Prefix.Length + 1)..])))
        {
            return GptImage2Ai;
        }
        if (path.StartsWith("/files/", StringComparison.Ordinal))
        {
            return Files;
        }
        return path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/admin/", StringComparison.Ordinal) || path is "/api" or "/admin"
            ? Native
            : null;
    }
}
