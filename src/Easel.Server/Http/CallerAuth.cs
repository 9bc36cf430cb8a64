using Easel.Core;
using Easel.Store;

namespace Easel.Server.Http;

/// <summary>Resolves the API key a request carries to the <see cref="Caller"/> it stands for.</summary>
public sealed class CallerAuth(IEaselStore store)
{
    private const string ItemKey = "easel.caller";

    /// <summary>The key from <c>Authorization: Bearer</c>, or from an extra header some dialects use.</summary>
    public static string? PresentedKey(HttpRequest request, string? extraHeader = null)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }
        return extraHeader is not null && request.Headers.TryGetValue(extraHeader, out var value) ? value.ToString().Trim() : null;
    }

    public async Task<Result<Caller>> AuthenticateAsync(HttpContext context, string? extraHeader, CancellationToken ct)
    {
        var key = PresentedKey(context.Request, extraHeader);
        if (string.IsNullOrEmpty(key))
        {
            return new RequestError(ErrorKind.Authentication, "missing API key: send Authorization: Bearer <key>");
        }
        if (!key.StartsWith("sk_live_", StringComparison.Ordinal) && !key.StartsWith("sk_test_", StringComparison.Ordinal))
        {
            return new RequestError(ErrorKind.Authentication, "invalid API key");
        }
        var caller = await store.FindCallerAsync(Ids.HashSecret(key), ct);
        if (caller is null)
        {
            return new RequestError(ErrorKind.Authentication, "invalid or revoked API key");
        }
        context.Items[ItemKey] = caller;
        return caller;
    }

    public static Caller CallerOf(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("endpoint reached without authentication");
}
