using System.Security.Cryptography;
using System.Text;
using Easel.Core;
using Easel.Store;

namespace Easel.Server.Http;

/// <summary>
/// <c>Idempotency-Key</c> on submitting POSTs: scoped to the account, kept 24 h. The same key and body replay the first
/// success; a different body is 422; a repeat while the first is still being answered is 409. Errors are not kept.
/// </summary>
public sealed class Idempotency(IEaselStore store)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <param name="render">Renders the dialect's error for a refusal.</param>
    /// <param name="handle">Does the work; receives the key to link to the task it creates, or null without a key.</param>
    public async Task<IResult> RunAsync(
        HttpContext context, string scope, byte[] body, Func<RequestError, JsonReply> render, Func<(string Scope, string Key)?, Task<JsonReply>> handle)
    {
        var key = context.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await handle(null);
        }
        if (key.Length > MaxKeyLength)
        {
            return render(RequestError.Invalid($"{Header} must be at most {MaxKeyLength} characters", Header));
        }
        var ct = context.RequestAborted;
        var hash = Hash(context.Request, body);
        switch (await store.ClaimIdempotencyKeyAsync(scope, key, hash, ct))
        {
            case IdempotencyClaim.Replay replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return new JsonReply(replay.Status, replay.Body, replay.ContentType);
            case IdempotencyClaim.InFlight:
                return render(new RequestError(ErrorKind.IdempotencyInFlight, $"a request with this {Header} is still being processed"));
            case IdempotencyClaim.Mismatch:
                return render(new RequestError(ErrorKind.IdempotencyMismatch, $"this {Header} was used with a different request body"));
        }
        JsonReply reply;
        try
        {
            reply = await handle((scope, key));
        }
        catch
        {
            await store.AbandonIdempotencyKeyAsync(scope, key, CancellationToken.None);
            throw;
        }
        if (reply.Status < 400)
        {
            await store.CompleteIdempotencyKeyAsync(scope, key, reply.Status, reply.ContentType, reply.Body, CancellationToken.None);
        }
        else
        {
            await store.AbandonIdempotencyKeyAsync(scope, key, CancellationToken.None);
        }
        return reply;
    }

    private static string Hash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
