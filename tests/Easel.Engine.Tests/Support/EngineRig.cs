using Easel.Engine;
using Easel.Engine.Channels;
using Easel.Engine.Signals;
using Easel.Engine.Telemetry;
using Easel.Providers.Sandbox;
using Easel.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Easel.Engine.Tests.Support;

/// <summary>
/// The engine's real parts on a manual clock: a migrated SQLite store and a disk blob store in a fresh temporary folder, and
/// the signals of one node. The store reads the same clock, so moving it lets leases run out without waiting.
/// </summary>
public sealed class EngineRig : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("easel-engine-").FullName;
    private readonly SqliteStore _store;
    private readonly IOptions<EaselOptions> _options;

    private EngineRig(EaselOptions options)
    {
        _options = Microsoft.Extensions.Options.Options.Create(options);
        _store = new SqliteStore(Path.Combine(_folder, "easel.db"), Clock);
        BlobRoot = Path.Combine(_folder, "files");
        Blobs = new DiskBlobStore(BlobRoot);
        Options = options;
        Signals = new TaskSignals(Running, new NoRelay());
    }

    /// <summary>Noon, so no test crosses a UTC day by itself.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 5, 6, 12, 0, 0, TimeSpan.Zero));

    public IEaselStore Store => _store;

    public string BlobRoot { get; }

    public IBlobStore Blobs { get; }

    public EaselOptions Options { get; }

    public RunningTasks Running { get; } = new();

    public TaskSignals Signals { get; }

    /// <summary>Recorded on a meter factory of the rig's own, which nothing here listens to.</summary>
    public EaselMetrics Metrics { get; } = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    /// <summary>These tests name no reference images by URL.</summary>
    public IReferenceFetcher References { get; } = new NoReferences();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<EngineRig> StartAsync(Action<EaselOptions>? configure = null)
    {
        var options = new EaselOptions();
        configure?.Invoke(options);
        var rig = new EngineRig(options);
        await rig._store.MigrateAsync(Ct);
        return rig;
    }

    /// <summary>The real sandbox on this rig's clock.</summary>
    public SandboxProvider Sandbox(int latencyMs = 0) => new(new SandboxOptions { LatencyMs = latencyMs }, Clock);

    public ChannelRouter Router(IImageProvider sandbox, params Channel[] upstreams) =>
        new(new ChannelSet(upstreams, sandbox), Store, Signals, Metrics, _options, Clock, NullLogger<ChannelRouter>.Instance);

    public Channel Channel(string name, IImageProvider provider, int priority = 0, int weight = 1, string[]? models = null) =>
        new(name, new ChannelOptions { Type = ChannelTypes.Unified, Priority = priority, Weight = weight, Models = models ?? [] },
            provider, new CircuitBreaker(Options.Routing.BreakerFailures, TimeSpan.FromSeconds(Options.Routing.BreakerSeconds), Clock));

    /// <summary>A runner on <paramref name="store"/> (the rig's own unless given).</summary>
    public TaskRunner Runner(ChannelRouter router, IEaselStore? store = null) => new(
        store ?? Store, Blobs, router, References, new InputImageStore(Store, Blobs, Metrics, _options, Clock),
        Signals, Running, Metrics, _options, Clock, NullLogger<TaskRunner>.Instance);

    public TaskDispatcher Dispatcher(TaskRunner runner, IEaselStore? store = null) =>
        new(store ?? Store, runner, Signals, _options, Clock, NullLogger<TaskDispatcher>.Instance);

    /// <summary>A new account holding <paramref name="balance"/> credits, and a key of it, as the server sees the key.</summary>
    public async Task<Caller> NewCallerAsync(long balance = 100, KeyMode mode = KeyMode.Live)
    {
        var account = await Store.CreateAccountAsync("engine tests", Ct);
        if (balance > 0)
        {
            Assert.IsType<GrantOutcome.Granted>(await Store.GrantAsync(account.Id, balance, "opening balance", Ct));
        }
        var (_, secret) = await Store.CreateApiKeyAsync(account.Id, "key", KeyRole.Owner, mode, KeyLimits.None, Ct);
        return await Store.FindCallerAsync(Ids.HashSecret(secret), Ct) ?? throw new InvalidOperationException("a new key finds no caller");
    }

    /// <summary>A small picture, so the sandbox renders it fast.</summary>
    public static GenerationRequest Request(GenerationModel model = GenerationModel.Generate) => new()
    {
        Model = model,
        Prompt = "a lighthouse at dusk",
        Quality = Quality.Medium,
        Size = new ImageSize(64, 48),
        Seed = 7,
    };

    public async Task<TaskRecord> SubmitAsync(Caller caller, long price = 3, GenerationRequest? request = null, string? fileBase = null)
    {
        var task = new NewTask(Ids.New("task_"), caller, "unified", request ?? Request(), price) { FileBase = fileBase };
        return Assert.IsType<SubmitOutcome.Created>(await Store.SubmitTaskAsync(task, null, Ct)).Task;
    }

    /// <summary>Leases the one task that is due to <paramref name="owner"/>.</summary>
    public async Task<ClaimedTask> ClaimAsync(string owner, TimeSpan lease) => Assert.Single(await Store.ClaimTasksAsync(owner, lease, 10, Ct));

    public async Task<TaskRecord> TaskAsync(string taskId) => await Store.GetTaskAsync(taskId, Ct) ?? throw new InvalidOperationException($"no task {taskId}");

    /// <summary>The task's movements on the ledger, oldest first.</summary>
    public async Task<(string Kind, long Amount)[]> MovementsAsync(string accountId, string taskId)
    {
        var page = await Store.GetLedgerAsync(accountId, 100, null, Ct);
        return [.. page.Items.Where(e => e.TaskId == taskId).OrderBy(e => e.Id).Select(e => (e.Kind, e.Amount))];
    }

    /// <summary>The names of the blobs stored, in order.</summary>
    public string[] StoredFiles() => Directory.Exists(BlobRoot)
        ? [.. Directory.GetFiles(BlobRoot, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>What <see cref="StoredFiles"/> holds for one stored image: it and its thumbnail (PNGs always get one).</summary>
    public static string[] BlobsOf(BlobKey image, BlobKey? thumbnail)
    {
        Assert.NotNull(thumbnail);
        return [.. new[] { image.Name, thumbnail.Value.Name }.Order(StringComparer.Ordinal)];
    }

    /// <summary>Polls until <paramref name="reached"/> holds (real time: the engine's work runs on threads of its own).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> reached, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await reached())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Signals.Dispose();
        _store.Dispose();
        await Task.Run(() => Directory.Delete(_folder, recursive: true));
    }

    private sealed class NoReferences : IReferenceFetcher
    {
        public Task<ReferenceImage> FetchAsync(string url, CancellationToken cancellationToken) =>
            throw new ReferenceFetchException("these tests fetch no reference images");
    }
}
