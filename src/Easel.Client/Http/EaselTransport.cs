using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Http.Resilience;

namespace Easel.Client.Http;

/// <summary>The one way every call reaches Easel: the key on each request, answers read with the source-generated JSON, errors typed.</summary>
internal sealed class EaselTransport : IDisposable
{
    private readonly bool _ownsHttp;
    private readonly AuthenticationHeaderValue _authorization;

    public EaselTransport(HttpClient http, EaselClientOptions options, bool ownsHttp)
    {
        var baseUrl = options.BaseUrl ?? throw new ArgumentException("EaselClientOptions.BaseUrl is required", nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, "options.ApiKey");
        Http = http;
        Options = options;
        _ownsHttp = ownsHttp;
        _authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    public HttpClient Http { get; }

    /// <summary>A client's own connection pool, with the retries of <see cref="RetryPolicy"/>.</summary>
    public static HttpClient CreateHttpClient(EaselClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new ResilienceHandler(RetryPolicy.Pipeline(options))
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        return new HttpClient(handler) { Timeout = options.Timeout };
    }

    public EaselClientOptions Options { get; }

    public Uri BaseUrl { get; }

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null) =>
        new(method, new Uri(BaseUrl, path)) { Content = content, Headers = { Authorization = _authorization } };

    /// <summary>A native route's <c>data</c>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, JsonTypeInfo<Envelope<T>> type, CancellationToken ct, HttpContent? content = null) =>
        (await SendBareAsync(Request(method, path, content), type, ct)).Data;

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<Envelope<T>> type, CancellationToken ct) => SendAsync(HttpMethod.Get, path, type, ct);

    public static JsonContent Json<T>(T body, JsonTypeInfo<T> type) => JsonContent.Create(body, type);

    /// <summary>An answer read whole as <typeparamref name="T"/>, for the routes without the envelope (the admin API's).</summary>
    public Task<T> SendBareAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> type, CancellationToken ct, HttpContent? content = null) =>
        SendBareAsync(Request(method, path, content), type, ct);

    /// <summary>An answer read whole as <typeparamref name="T"/>, for the routes without the envelope.</summary>
    public async Task<T> SendBareAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using (request)
        {
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            return await response.Content.ReadFromJsonAsync(type, ct)
                ?? throw new EaselException("Easel answered an empty body", response.StatusCode);
        }
    }

    /// <summary>Sends the request; a non-success answer is thrown as its exception type.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        var response = await Http.SendAsync(request, completion, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ErrorReader.ReadAsync(response, ct);
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            Http.Dispose();
        }
    }
}
