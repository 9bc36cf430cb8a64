using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Easel.Server.Tests.Support;

/// <summary>A real Easel host on 127.0.0.1 with its own data folder, SQLite database and files.</summary>
public sealed class EaselServer : IAsyncDisposable
{
    public const string AdminKey = "sk_admin_tests_0123456789abcdefghjkmnpq";

    private EaselServer(WebApplication app, string dataDir, Uri baseAddress)
    {
        App = app;
        DataDir = dataDir;
        BaseAddress = baseAddress;
        Admin = NewClient(AdminKey);
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public HttpClient Admin { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settings">Configuration overrides such as <c>("Easel:Sandbox:LatencyMs", "500")</c>.</param>
    public static async Task<EaselServer> StartAsync(
        TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null, string? dataDir = null, params (string Key, string Value)[] settings)
    {
        dataDir ??= Path.Combine(Path.GetTempPath(), "easel-tests", Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Easel:DataDir={dataDir}",
            $"--Easel:Admin:Key={AdminKey}",
            "--Easel:Engine:PollMilliseconds=50",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = await EaselApp.CreateAsync([.. args], clock, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EaselServer(app, dataDir, new Uri(address));
    }

    public HttpClient NewClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>Creates an account with <paramref name="credits"/> and one key; returns the account id and a client using the key.</summary>
    public Task<Tenant> CreateTenantAsync(long credits = 1000, string role = "owner", string mode = "live") =>
        CreateTenantAsync(Admin, NewClient, credits, role, mode);

    /// <summary>The same through any node's admin API: <paramref name="clientFor"/> makes the tenant's client from its key.</summary>
    public static async Task<Tenant> CreateTenantAsync(HttpClient admin, Func<string, HttpClient> clientFor, long credits = 1000, string role = "owner", string mode = "live")
    {
        var account = await PostJsonAsync(admin, "/admin/accounts", new { name = "tenant" });
        var accountId = account.GetProperty("id").GetString()!;
        if (credits != 0)
        {
            await PostJsonAsync(admin, $"/admin/accounts/{accountId}/credits", new { amount = credits, reason = "test grant" });
        }
        var key = await PostJsonAsync(admin, $"/admin/accounts/{accountId}/keys", new { name = "k", role, mode });
        var secret = key.GetProperty("key").GetString()!;
        return new Tenant(accountId, key.GetProperty("id").GetString()!, secret, clientFor(secret));
    }

    public static async Task<JsonElement> PostJsonAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response);
    }

    public async Task<JsonElement> AccountAsync(string accountId) =>
        JsonDocument.Parse(await Admin.GetStringAsync($"/admin/accounts/{accountId}")).RootElement.Clone();

    public async Task<JsonElement> LedgerAsync(string accountId) =>
        JsonDocument.Parse(await Admin.GetStringAsync($"/admin/accounts/{accountId}/ledger?limit=200")).RootElement.GetProperty("entries").Clone();

    public async Task<int> TaskCountAsync(string accountId) =>
        JsonDocument.Parse(await Admin.GetStringAsync($"/admin/tasks?account={accountId}&limit=200")).RootElement.GetProperty("tasks").GetArrayLength();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record Tenant(string AccountId, string KeyId, string Key, HttpClient Client)
{
    public static string Submit(
        string prompt = "a red fox in the snow", string quality = "low", string size = "1:1", string resolution = "1K",
        string model = "gpt-image-2", string[]? imageUrls = null, string? callbackUrl = null)
    {
        var input = new Dictionary<string, object> { ["prompt"] = prompt, ["quality"] = quality, ["size"] = size, ["resolution"] = resolution };
        if (imageUrls is not null)
        {
            input["image_urls"] = imageUrls;
        }
        var body = new Dictionary<string, object> { ["model"] = model, ["input"] = input };
        if (callbackUrl is not null)
        {
            body["callback_url"] = callbackUrl;
        }
        return JsonSerializer.Serialize(body);
    }

    public async Task<(int Status, JsonElement Body)> SubmitAsync(string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate/submit") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<string> SubmitOkAsync(string json)
    {
        var (status, body) = await SubmitAsync(json);
        Assert.True(status == 200, $"submit answered {status}: {body}");
        return body.GetProperty("data").GetProperty("task_id").GetString()!;
    }

    public async Task<JsonElement> StatusAsync(string taskId)
    {
        var (status, body, _) = await EaselServer.SendAsync(Client, HttpMethod.Get, $"/api/generate/status/{taskId}");
        Assert.True(status == 200, $"status answered {status}: {body}");
        return body.GetProperty("data");
    }

    /// <summary>Polls until the task is finished or failed (at most <paramref name="seconds"/>).</summary>
    public Task<JsonElement> WaitEndAsync(string taskId, int seconds = 30) =>
        WaitUntilAsync(taskId, status => status is "finished" or "failed", seconds);

    /// <summary>Polls the task's webhook delivery (404 until the task has ended) until <paramref name="reached"/> holds.</summary>
    public async Task<JsonElement> WaitWebhookAsync(string taskId, Func<JsonElement, bool> reached, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(Client, HttpMethod.Get, $"/api/generate/tasks/{taskId}/webhooks");
            if (status == 200 && reached(body.GetProperty("data")))
            {
                return body.GetProperty("data");
            }
            Assert.True(DateTime.UtcNow < deadline, $"the webhook of {taskId} did not get there in {seconds}s: {body}");
            await Task.Delay(50);
        }
    }

    public Task<JsonElement> WaitStatusAsync(string taskId, string wanted, int seconds = 30) =>
        WaitUntilAsync(taskId, status => status == wanted, seconds);

    private async Task<JsonElement> WaitUntilAsync(string taskId, Func<string?, bool> reached, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var data = await StatusAsync(taskId);
            if (reached(data.GetProperty("status").GetString()))
            {
                return data;
            }
            Assert.True(DateTime.UtcNow < deadline, $"task {taskId} did not get there in {seconds}s: {data}");
            await Task.Delay(25);
        }
    }
}
