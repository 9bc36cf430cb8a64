using System.CommandLine;

namespace Easel.Server.Operations;

/// <summary>
/// <c>Easel.Server healthcheck [URL]</c>: exit code 0 when <c>/healthz</c> answers 200, 1 otherwise. A container's health
/// check runs it, since the .NET runtime images have neither curl nor wget.
/// </summary>
public static class HealthCheckCommand
{
    public const string Name = "healthcheck";

    /// <summary>Where the .NET container images make Kestrel listen (ASPNETCORE_HTTP_PORTS=8080).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    public static bool IsInvoked(string[] args) => args is [Name, ..];

    public static Task<int> RunAsync(string[] args)
    {
        var url = new Argument<string>("url") { Description = $"the health URL (default {DefaultUrl})", DefaultValueFactory = _ => DefaultUrl };
        var command = new Command(Name, "Ask a running Easel whether it is healthy: exit code 0 when it is") { url };
        command.SetAction((parsed, ct) => CheckAsync(parsed.GetRequiredValue(url), ct));
        return new RootCommand("Easel") { command }.Parse(args).InvokeAsync();
    }

    private static async Task<int> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"Easel healthcheck: '{url}' is not an http or https URL");
            return 1;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(uri, ct);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            await Console.Error.WriteLineAsync($"Easel is not healthy: {url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"Easel is not healthy: {url} did not answer ({e.Message})");
        }
        return 1;
    }
}
