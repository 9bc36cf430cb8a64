using Easel.Server.Http;

namespace Easel.Server.Operations;

/// <summary>
/// What operators and owners changed, in the <c>Easel.Audit</c> category: who (the admin key, or a key's id), what, and on which
/// account or key, by id. Never a secret, an account's name or a grant's reason (free text).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggers)
{
    public const string Category = "Easel.Audit";
    private readonly ILogger _log = loggers.CreateLogger(Category);

    private static string Actor(HttpContext http) => CallerAuth.KeyIdOf(http) ?? "-";

    public void AccountCreated(HttpContext http, string accountId)
    {
        var actor = Actor(http);
        LogAccountCreated(actor, accountId);
    }

    public void Granted(HttpContext http, string accountId, long amount, long balance)
    {
        var actor = Actor(http);
        LogGranted(actor, amount, accountId, balance);
    }

    public void SettingsChanged(HttpContext http, string accountId, int? freeImagesPerDay, int? requestsPerMinute, int? maxConcurrentTasks)
    {
        var actor = Actor(http);
        LogSettingsChanged(actor, accountId, freeImagesPerDay, requestsPerMinute, maxConcurrentTasks);
    }

    public void KeyCreated(HttpContext http, string keyId, string accountId, string role, string mode)
    {
        var actor = Actor(http);
        LogKeyCreated(actor, keyId, accountId, role, mode);
    }

    public void KeyLimitsChanged(HttpContext http, string keyId, string accountId)
    {
        var actor = Actor(http);
        LogKeyLimitsChanged(actor, keyId, accountId);
    }

    public void KeyRevoked(HttpContext http, string keyId, string accountId)
    {
        var actor = Actor(http);
        LogKeyRevoked(actor, keyId, accountId);
    }

    public void WebhookSecretRotated(HttpContext http, string accountId)
    {
        var actor = Actor(http);
        LogWebhookSecretRotated(actor, accountId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} created account {AccountId}")]
    private partial void LogAccountCreated(string actor, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} granted {Amount} credits to account {AccountId}, balance now {Balance}")]
    private partial void LogGranted(string actor, long amount, string accountId, long balance);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "audit: {Actor} changed account {AccountId}'s settings: free images per day {FreeImagesPerDay}, requests per minute {RequestsPerMinute}, max concurrent tasks {MaxConcurrentTasks}")]
    private partial void LogSettingsChanged(string actor, string accountId, int? freeImagesPerDay, int? requestsPerMinute, int? maxConcurrentTasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} created key {KeyId} ({Role}, {Mode}) on account {AccountId}")]
    private partial void LogKeyCreated(string actor, string keyId, string accountId, string role, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} changed the limits of key {KeyId} on account {AccountId}")]
    private partial void LogKeyLimitsChanged(string actor, string keyId, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} revoked key {KeyId} on account {AccountId}")]
    private partial void LogKeyRevoked(string actor, string keyId, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {Actor} rotated the webhook secret of account {AccountId}")]
    private partial void LogWebhookSecretRotated(string actor, string accountId);
}
