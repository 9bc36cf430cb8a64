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

    /// <summary>
    /// For a POST that submits a task: an earlier request with the key is answered from the store; otherwise the submit
    /// claims the key in the transaction that writes the task, so a task and its key are written together or not at all.
    /// </summary>
    /// <param name="render">Renders the dialect's error for a refusal.</param>
    /// <param name="handle">Does the work; receives the key for the submit to claim, or null without a key.</param>
    public Task<IResult> RunSubmitAsync(
        HttpContext context, string scope, byte[] body, Func<RequestError, JsonReply> render, Func<IdempotencyLink?, Task<JsonReply>> handle) =>
        RunAsync(context, scope, body, render, link => store.FindIdempotencyKeyAsync(link.Scope, link.Key, link.RequestHash, context.RequestAborted), handle);

    /// <summary>For a POST that does other work (a grant): the key is claimed first, on its own.</summary>
    public Task<IResult> RunAsync(HttpContext context, string scope, byte[] body, Func<RequestError, JsonReply> render, Func<Task<JsonReply>> handle) =>
        RunAsync(context, scope, body, render, link => store.ClaimIdempotencyKeyAsync(link.Scope, link.Key, link.RequestHash, context.RequestAborted), _ => handle());

    /// <param name="look">What an earlier request with the key says; <see cref="IdempotencyClaim.Proceed"/> lets the work run.</param>
    private async Task<IResult> RunAsync(
        HttpContext context, string scope, byte[] body, Func<RequestError, JsonReply> render, Func<IdempotencyLink, Task<IdempotencyClaim>> look,
        Func<IdempotencyLink?, Task<JsonReply>> handle)
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
        var link = new IdempotencyLink(scope, key, Hash(context.Request, body));
        var earlier = await look(link);
        return earlier is IdempotencyClaim.Proceed ? await FinishAsync(link, () => handle(link)) : Answer(context, earlier, render);
    }

    private static IResult Answer(HttpContext context, IdempotencyClaim earlier, Func<RequestError, JsonReply> render)
    {
        switch (earlier)
        {
            case IdempotencyClaim.Replay replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return new JsonReply(replay.Status, replay.Body, replay.ContentType);
            case IdempotencyClaim.Mismatch:
                return render(new RequestError(ErrorKind.IdempotencyMismatch, $"this {Header} was used with a different request body"));
            default:
                return render(new RequestError(ErrorKind.IdempotencyInFlight, $"a request with this {Header} is still being processed"));
        }
    }

    /// <summary>Keeps a success as the key's answer; after an error the key is given up (if it was claimed at all).</summary>
    private async Task<IResult> FinishAsync(IdempotencyLink link, Func<Task<JsonReply>> handle)
    {
        JsonReply reply;
        try
        {
            reply = await handle();
        }
        catch
        {
            await store.AbandonIdempotencyKeyAsync(link.Scope, link.Key, CancellationToken.None);
            throw;
        }
        if (reply.Status < 400)
        {
            await store.CompleteIdempotencyKeyAsync(link.Scope, link.Key, reply.Status, reply.ContentType, reply.Body, CancellationToken.None);
        }
        else
        {
            await store.AbandonIdempotencyKeyAsync(link.Scope, link.Key, CancellationToken.None);
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
