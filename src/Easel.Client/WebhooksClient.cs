using System.Globalization;
using Easel.Client.Http;

namespace Easel.Client;

/// <summary>The account's webhook secret and the deliveries of tasks submitted with a <see cref="ImageRequest.CallbackUrl"/>.</summary>
public sealed class WebhooksClient
{
    private readonly EaselTransport _transport;

    internal WebhooksClient(EaselTransport transport) => _transport = transport;

    /// <summary>The secret that signs the account's webhooks.</summary>
    public Task<WebhookSecret> GetSecretAsync(CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(_transport.Request(HttpMethod.Get, "api/account/webhook-secret"), EaselJson.Default.WebhookSecret, cancellationToken);

    /// <summary>Makes a new secret; the previous one keeps signing beside it for a grace period (owner keys only).</summary>
    public Task<WebhookSecret> RotateSecretAsync(CancellationToken cancellationToken = default) =>
        _transport.SendBareAsync(_transport.Request(HttpMethod.Post, "api/account/webhook-secret/rotate"), EaselJson.Default.WebhookSecret, cancellationToken);

    /// <summary>The task's webhook: its state and every attempt.</summary>
    /// <exception cref="EaselNotFoundException">The task has no callback URL, has not ended, or does not exist.</exception>
    public Task<WebhookDelivery> GetDeliveryAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return _transport.GetAsync($"api/generate/tasks/{Uri.EscapeDataString(taskId)}/webhooks", EaselJson.Default.EnvelopeWebhookDelivery, cancellationToken);
    }

    /// <summary>Sends an ended task's webhook again, now, with the same <c>webhook-id</c>.</summary>
    /// <exception cref="EaselConflictException">The task has not ended, or its webhook is already waiting to be sent.</exception>
    public Task<WebhookDelivery> RedeliverAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return _transport.SendAsync(HttpMethod.Post, $"api/generate/tasks/{Uri.EscapeDataString(taskId)}/webhooks/redeliver",
            EaselJson.Default.EnvelopeWebhookDelivery, cancellationToken);
    }

    /// <summary>The account's webhook deliveries, newest first, fetched a page at a time as you enumerate.</summary>
    /// <param name="pageSize">Deliveries per request (1–100; the server's default when null).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<WebhookDelivery> ListDeliveriesAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages.AllAsync(async (cursor, ct) =>
        {
            var path = Pages.Query("api/account/webhooks", ("limit", pageSize?.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor));
            var page = await _transport.GetAsync(path, EaselJson.Default.EnvelopeDeliveryPage, ct);
            return (page.Deliveries, page.NextCursor);
        }, cancellationToken);
}
