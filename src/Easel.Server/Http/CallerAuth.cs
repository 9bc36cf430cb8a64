using System.Collections.Concurrent;
using Easel.Core;
using Easel.Engine.Signals;
using Easel.Store;

namespace Easel.Server.Http;

/// <summary>
/// Resolves the API key a request carries to the <see cref="Caller"/> it stands for. Lookups are remembered for two seconds,
/// the hottest request (a status poll) then costs one query; a revocation made through this node is effective at once,
/// and on other nodes as soon as their signal arrives (within two seconds if signals are down). Every authenticated request counts
/// against the key's requests per minute, counted in the store for the whole cluster.
/// </summary>
public sealed class CallerAuth
{
    public const string AdminActor = "admin";
    private const string ItemKey = "easel.caller";
    private const string AdminItemKey = "easel.admin";
    private const int MaxRemembered = 100_000;
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (Caller Caller, long Until)> _recent = new(StringComparer.Ordinal);
    private readonly IEaselStore _store;
    private readonly TimeProvider _clock;
    private readonly TaskSignals _signals;

    public CallerAuth(IEaselStore store, TimeProvider clock, TaskSignals signals)
    {
        _store = store;
        _clock = clock;
        _signals = signals;
        signals.KeysChanged += changed => ForgetWhere(changed.Kind == SignalKind.KeyChanged
            ? c => c.KeyId == changed.Id
            : c => c.AccountId == changed.Id);
    }

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
        var hash = Ids.HashSecret(key);
        var now = _clock.GetTimestamp();
        if (!_recent.TryGetValue(hash, out var recent) || recent.Until < now)
        {
            var found = await _store.FindCallerAsync(hash, ct);
            if (found is null)
            {
                _recent.TryRemove(hash, out _);
                return new RequestError(ErrorKind.Authentication, "invalid or revoked API key");
            }
            if (_recent.Count >= MaxRemembered)
            {
                _recent.Clear();
            }
            recent = (found, now + (long)(Remember.TotalSeconds * _clock.TimestampFrequency));
            _recent[hash] = recent;
        }
        var caller = recent.Caller;
        if (caller.Limits.RequestsPerMinute is { } perMinute && await _store.TakeRequestAsync(caller.KeyId, perMinute, ct) is { } wait)
        {
            return RequestError.RateLimited($"rate limit reached: this key may make {perMinute} requests per minute", wait);
        }
        context.Items[ItemKey] = caller;
        return caller;
    }

    /// <summary>Forgets a key at once, on every node: revoked, or its limits changed.</summary>
    public void Forget(string keyId) => _signals.KeyChanged(keyId);

    /// <summary>Forgets every key of an account at once, on every node: its default limits changed.</summary>
    public void ForgetAccount(string accountId) => _signals.AccountKeysChanged(accountId);

    private void ForgetWhere(Func<Caller, bool> match)
    {
        foreach (var (hash, entry) in _recent)
        {
            if (match(entry.Caller))
            {
                _recent.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>An endpoint filter that lets through only requests with a valid key, and renders a refusal with <paramref name="render"/>.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Required(
        Func<RequestError, IResult> render, string? extraHeader = null) => async (context, next) =>
    {
        var http = context.HttpContext;
        var caller = await http.RequestServices.GetRequiredService<CallerAuth>().AuthenticateAsync(http, extraHeader, http.RequestAborted);
        return caller.IsOk ? await next(context) : render(caller.Error!);
    };

    /// <summary>The id of the key the request was authenticated with, <c>admin</c> for the admin key; null when it carried neither.</summary>
    public static string? KeyIdOf(HttpContext context) =>
        (context.Items[ItemKey] as Caller)?.KeyId ?? (context.Items.ContainsKey(AdminItemKey) ? AdminActor : null);

    /// <summary>Notes that the request was authenticated with the admin key (for the request and audit logs).</summary>
    public static void MarkAdmin(HttpContext context) => context.Items[AdminItemKey] = true;

    public static Caller CallerOf(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("endpoint reached without authentication");
}
