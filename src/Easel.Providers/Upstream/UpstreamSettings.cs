namespace Easel.Providers.Upstream;

/// <summary>One configured upstream channel, as a provider client needs it.</summary>
/// <param name="BaseUrl">The upstream's base; endpoint paths are appended to it.</param>
/// <param name="Model">The upstream's own model (or Azure deployment) name.</param>
/// <param name="Timeout">The longest one HTTP exchange with the upstream may take, body included.</param>
/// <param name="PollInterval">For async upstreams: the wait between status polls.</param>
/// <param name="PollCeiling">For async upstreams: how long a job may stay unfinished before Easel gives up on it.</param>
/// <param name="KeyInApiKeyHeader">Send the key as <c>api-key</c> (Azure OpenAI) rather than <c>Authorization: Bearer</c>.</param>
public sealed record UpstreamSettings(
    string Name, Uri BaseUrl, string ApiKey, string Model, TimeSpan Timeout, TimeSpan PollInterval, TimeSpan PollCeiling, bool KeyInApiKeyHeader = false)
{
    /// <summary>The endpoint at <paramref name="path"/> under the base URL (which keeps its own path, e.g. <c>/v1</c>).</summary>
    public Uri Endpoint(string path) => new(BaseUrl.ToString().TrimEnd('/') + "/" + path.TrimStart('/'));

    public override string ToString() => $"channel {Name}";
}
