using Easel.Core;
using Easel.Engine;
using Easel.FakeUpstreams;
using Easel.Providers.GptImage2Ai;
using Easel.Providers.OpenAi;
using Easel.Providers.Unified;
using Easel.Providers.Upstream;
using Easel.Providers.YyCode;
using Easel.Store;

namespace Easel.Providers.Tests;

public enum Kind
{
    OpenAi,
    Unified,
    GptImage2Ai,
    YyCode,
}

/// <summary>One provider client pointed at a fake upstream, writing into a real blob folder.</summary>
public sealed class ClientRig : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private ClientRig(FakeUpstream fake, Kind kind, TimeSpan timeout, TimeSpan pollCeiling)
    {
        Fake = fake;
        BlobRoot = Path.Combine(Path.GetTempPath(), "easel-provider-tests", Guid.NewGuid().ToString("N"));
        Blobs = new DiskBlobStore(BlobRoot);
        Sink = new BlobImageSink(Blobs);
        var baseUrl = kind == Kind.OpenAi ? new Uri(fake.BaseAddress, "/v1") : fake.BaseAddress;
        var settings = new UpstreamSettings($"{kind}-test", baseUrl, FakeUpstream.Key, "gpt-image-2", timeout, TimeSpan.FromMilliseconds(20), pollCeiling);
        var http = new UpstreamHttp(_http, settings, TimeProvider.System);
        Provider = kind switch
        {
            Kind.OpenAi => new OpenAiProvider(http),
            Kind.Unified => new UnifiedProvider(http),
            Kind.GptImage2Ai => new GptImage2AiProvider(http),
            _ => new YyCodeProvider(http),
        };
    }

    public FakeUpstream Fake { get; }

    public IImageProvider Provider { get; }

    public string BlobRoot { get; }

    public IBlobStore Blobs { get; }

    public BlobImageSink Sink { get; }

    public RecordingJournal Journal { get; } = new();

    public static async Task<ClientRig> StartAsync(Kind kind, Fault fault = Fault.None, int timeoutSeconds = 10, int pollCeilingSeconds = 10, int width = 1024, int height = 1024)
    {
        var fake = await FakeUpstream.StartAsync(width, height);
        fake.Fault = fault;
        return new ClientRig(fake, kind, TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromSeconds(pollCeilingSeconds));
    }

    public static GenerationRequest Generate(Quality quality = Quality.Low, ImageSize? size = null, int count = 1) =>
        new() { Model = GenerationModel.Generate, Prompt = "a ceramic espresso cup", Quality = quality, Size = size ?? new ImageSize(1024, 1024), ImageCount = count };

    public Task<ProviderOutcome> RunAsync(GenerationRequest request, string? resume = null) =>
        Provider.GenerateAsync(new ProviderJob("task_test", request, new FixedReferences(), Sink, Journal, resume) { Inputs = new FixedReferences() }, TestContext.Current.CancellationToken);

    public async Task<byte[]> StoredAsync(GeneratedImage image)
    {
        await using var stream = await Blobs.OpenReadAsync(image.Key, CancellationToken.None) ?? throw new FileNotFoundException(image.Key.Name);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Fake.DisposeAsync();
        if (Directory.Exists(BlobRoot))
        {
            Directory.Delete(BlobRoot, recursive: true);
        }
    }
}

/// <summary>Keeps the upstream ids a provider records, with the fake's poll count at that moment.</summary>
public sealed class RecordingJournal : IUpstreamJournal
{
    public List<(string Id, int PollsBefore)> Recorded { get; } = [];

    public Func<int> Polls { get; set; } = () => 0;

    public Task RecordSubmittedAsync(string upstreamTaskId, CancellationToken cancellationToken)
    {
        Recorded.Add((upstreamTaskId, Polls()));
        return Task.CompletedTask;
    }
}

/// <summary>Reference images for edits: small PNGs, as the engine's fetcher would hand them over after its checks.</summary>
/// <summary>Every reference, fetched or uploaded, is the same small PNG.</summary>
public sealed class FixedReferences : IReferenceFetcher, IInputImageSource
{
    public static readonly byte[] Png = FakeUpstream.TestPng(64, 64);

    public Task<ReferenceImage> FetchAsync(string url, CancellationToken cancellationToken) =>
        Task.FromResult(new ReferenceImage(Png, OutputFormat.Png));

    public Task<ReferenceImage> ReadAsync(string inputId, CancellationToken cancellationToken) => FetchAsync(inputId, cancellationToken);
}
