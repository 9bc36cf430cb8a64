using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Easel.Bench;

/// <summary>The few Easel calls the bench needs: admin set-up, then submit and status on the native API.</summary>
public sealed class EaselApi(Uri baseUri) : IDisposable
{
    public static readonly byte[] SubmitBody = Encoding.UTF8.GetBytes(
        """{"model":"gpt-image-2","input":{"prompt":"bench","quality":"low","size":"1:1","resolution":"1K"}}""");

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public Uri BaseUri => baseUri;

    /// <summary>Creates an account with ample credits and a live owner key; returns the key.</summary>
    public async Task<string> CreateLiveKeyAsync(string adminKey)
    {
        var account = await PostJsonAsync("admin/accounts", adminKey, """{"name":"bench"}""");
        var id = account["id"]!.GetValue<string>();
        await PostJsonAsync($"admin/accounts/{id}/credits", adminKey, """{"amount":100000000,"reason":"bench"}""");
        var key = await PostJsonAsync($"admin/accounts/{id}/keys", adminKey, """{"name":"bench","role":"owner","mode":"live"}""");
        return key["key"]!.GetValue<string>();
    }

    public HttpRequestMessage SubmitRequest(string key)
    {
        var content = new ByteArrayContent(SubmitBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "api/generate/submit"))
        {
            Content = content,
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
        };
    }

    public HttpRequestMessage StatusRequest(string key, string taskId) =>
        new(HttpMethod.Get, new Uri(baseUri, $"api/generate/status/{taskId}"))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
        };

    public static string TaskIdOf(string submitReply) =>
        JsonNode.Parse(submitReply)?["data"]?["task_id"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"no task_id in the submit reply: {submitReply}");

    public static string StatusOf(string statusReply) =>
        JsonNode.Parse(statusReply)?["data"]?["status"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"no status in the status reply: {statusReply}");

    public async Task<string> SubmitAsync(string key)
    {
        using var request = SubmitRequest(key);
        return TaskIdOf(await SendAsync(request));
    }

    /// <summary>The raw status body (the bytes nginx will serve as its static twin).</summary>
    public async Task<byte[]> StatusBodyAsync(string key, string taskId)
    {
        using var request = StatusRequest(key, taskId);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"status answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
    }

    /// <summary>Polls one task every 50 ms until it is finished; bounded by <paramref name="limit"/>.</summary>
    public async Task<byte[]> WaitFinishedAsync(string key, string taskId, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        while (!cts.IsCancellationRequested)
        {
            var body = await StatusBodyAsync(key, taskId);
            switch (StatusOf(Encoding.UTF8.GetString(body)))
            {
                case "finished":
                    return body;
                case "failed":
                    throw new InvalidOperationException($"task {taskId} failed: {Encoding.UTF8.GetString(body)}");
            }
            await Task.Delay(50, CancellationToken.None);
        }
        throw new TimeoutException($"task {taskId} did not finish within {limit.TotalSeconds:0} s");
    }

    private async Task<JsonNode> PostJsonAsync(string path, string bearer, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
        };
        var reply = await SendAsync(request);
        return JsonNode.Parse(reply) ?? throw new InvalidOperationException($"{path} answered no JSON");
    }

    private async Task<string> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => http.Dispose();
}
