using System.CommandLine;
using Easel.Client;

namespace Easel.Cli;

/// <summary>The options every command takes, and the client they make: flag, then environment, then <c>easel login</c>'s file.</summary>
public sealed class Connection
{
    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"the Easel server (else EASEL_URL, else the one easel login stored, else {CliConfig.DefaultUrl})",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "the API key (else EASEL_KEY, else the one easel login stored)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print JSON instead of text, for scripts",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Url);
        root.Add(Key);
        root.Add(Json);
    }

    public bool WantsJson(ParseResult parsed) => parsed.GetValue(Json);

    public Uri ResolveUrl(ParseResult parsed, CliConfig? config = null)
    {
        var text = parsed.GetValue(Url) ?? Environment.GetEnvironmentVariable("EASEL_URL") ?? (config ?? CliConfig.Load()).Url ?? CliConfig.DefaultUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new UsageException($"'{text}' is not an http(s) URL");
    }

    public string ResolveKey(ParseResult parsed, CliConfig? config = null) =>
        NonEmpty(parsed.GetValue(Key)) ?? NonEmpty(Environment.GetEnvironmentVariable("EASEL_KEY")) ?? NonEmpty((config ?? CliConfig.Load()).Key)
        ?? throw new UsageException("no API key: pass --key, set EASEL_KEY or run easel login");

    /// <summary>The admin key: <c>--key</c>, else <c>EASEL_ADMIN_KEY</c>, else the one <c>easel login --admin</c> stored.</summary>
    public string ResolveAdminKey(ParseResult parsed, CliConfig? config = null) =>
        NonEmpty(parsed.GetValue(Key)) ?? NonEmpty(Environment.GetEnvironmentVariable("EASEL_ADMIN_KEY")) ?? NonEmpty((config ?? CliConfig.Load()).AdminKey)
        ?? throw new UsageException("no admin key: pass --key, set EASEL_ADMIN_KEY or run easel login --admin");

    public EaselClient CreateClient(ParseResult parsed)
    {
        var config = CliConfig.Load();
        return new EaselClient(new EaselClientOptions { BaseUrl = ResolveUrl(parsed, config), ApiKey = ResolveKey(parsed, config) });
    }

    public EaselAdminClient CreateAdminClient(ParseResult parsed)
    {
        var config = CliConfig.Load();
        return new EaselAdminClient(new EaselClientOptions { BaseUrl = ResolveUrl(parsed, config), ApiKey = ResolveAdminKey(parsed, config) });
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
