using Easel.Core;
using Easel.Engine;
using Easel.Engine.Channels;
using Easel.Providers.GptImage2Ai;
using Easel.Providers.OpenAi;
using Easel.Providers.Unified;
using Easel.Providers.Upstream;
using Easel.Providers.YyCode;

namespace Easel.Server.Channels;

/// <summary>Turns the <c>Easel:Channels</c> sections into running channels, each with its own HttpClient from the factory.</summary>
public static class ChannelSetup
{
    public const string OpenAiBaseUrl = "https://api.openai.com/v1";

    /// <summary>The configured channels; with none, one OpenAI channel when <c>OPENAI_API_KEY</c> is set (SPEC §10 defaults).</summary>
    public static IReadOnlyDictionary<string, ChannelOptions> Effective(EaselOptions options, IConfiguration configuration)
    {
        if (options.Channels.Count > 0 || string.IsNullOrWhiteSpace(configuration["OPENAI_API_KEY"]))
        {
            return options.Channels;
        }
        return new Dictionary<string, ChannelOptions>
        {
            ["openai"] = new()
            {
                Type = ChannelTypes.OpenAi,
                BaseUrl = configuration["OPENAI_BASE_URL"] is { Length: > 0 } custom ? custom : OpenAiBaseUrl,
                ApiKey = configuration["OPENAI_API_KEY"],
                Models = [GenerationModels.GenerateName, GenerationModels.EditName],
            },
        };
    }

    public static IEnumerable<string> Problems(IReadOnlyDictionary<string, ChannelOptions> channels) =>
        channels.SelectMany(c => c.Value.Problems(c.Key));

    public static void AddChannelClients(this IServiceCollection services, IReadOnlyDictionary<string, ChannelOptions> channels)
    {
        foreach (var name in channels.Keys)
        {
            // Operator-configured upstreams may be on private addresses: no outbound-safety filter here. Deadlines are per
            // exchange, on the injected clock (UpstreamHttp), so the client's own timeout is off.
            services.AddHttpClient(ClientName(name), c => c.Timeout = Timeout.InfiniteTimeSpan);
        }
    }

    public static ChannelSet Build(IServiceProvider services, IReadOnlyDictionary<string, ChannelOptions> channels, IImageProvider sandbox)
    {
        var clients = services.GetRequiredService<IHttpClientFactory>();
        var clock = services.GetRequiredService<TimeProvider>();
        var routing = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EaselOptions>>().Value.Routing;
        var built = channels.Select(c =>
        {
            var (name, o) = (c.Key, c.Value);
            var provider = o.Type == ChannelTypes.Sandbox ? sandbox : Provider(o, new UpstreamHttp(clients.CreateClient(ClientName(name)), Settings(name, o), clock));
            return new Channel(name, o, provider, new CircuitBreaker(routing.BreakerFailures, TimeSpan.FromSeconds(routing.BreakerSeconds), clock));
        }).ToList();
        return new ChannelSet(built, sandbox);
    }

    private static IImageProvider Provider(ChannelOptions o, UpstreamHttp http) => o.Type switch
    {
        ChannelTypes.OpenAi => new OpenAiProvider(http),
        ChannelTypes.Unified => new UnifiedProvider(http),
        ChannelTypes.GptImage2Ai => new GptImage2AiProvider(http),
        ChannelTypes.YyCode => new YyCodeProvider(http),
        _ => throw new InvalidOperationException($"unknown channel type {o.Type}"),
    };

    private static UpstreamSettings Settings(string name, ChannelOptions o) => new(
        name, new Uri(o.BaseUrl!), o.ApiKey ?? "", o.UpstreamModel, TimeSpan.FromSeconds(o.TimeoutSeconds),
        TimeSpan.FromMilliseconds(o.PollIntervalMs), TimeSpan.FromSeconds(o.PollCeilingSeconds), KeyInApiKeyHeader: o.KeyHeader == "api-key");

    private static string ClientName(string channel) => $"upstream:{channel}";
}
