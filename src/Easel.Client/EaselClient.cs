using System.Runtime.CompilerServices;
using Easel.Client.Http;

namespace Easel.Client;

/// <summary>
/// The client of Easel's native API. One instance is meant to live as long as the application (it holds a connection pool);
/// it is safe to use from many threads. Every call retries transient faults (see <see cref="EaselClientOptions.MaxRetries"/>)
/// and throws an <see cref="EaselException"/> subclass for what the server refuses.
/// </summary>
public sealed class EaselClient : IDisposable
{
    private readonly EaselTransport _transport;
    private readonly TaskWatcher _watcher;

    /// <summary>A client of the server at <paramref name="baseUrl"/> using <paramref name="apiKey"/>, with the default options.</summary>
    public EaselClient(Uri baseUrl, string apiKey)
        : this(new EaselClientOptions { BaseUrl = baseUrl, ApiKey = apiKey })
    {
    }

    /// <summary>A client with its own connection pool and retries, as <paramref name="options"/> say.</summary>
    public EaselClient(EaselClientOptions options)
        : this(EaselTransport.CreateHttpClient(options), options, ownsHttpClient: true)
    {
    }

    /// <summary>
    /// A client over an <see cref="HttpClient"/> you configure (as <c>services.AddEaselClient</c> does); its handlers should
    /// include the retries of <see cref="Microsoft.Extensions.DependencyInjection.EaselServiceCollectionExtensions.AddEaselClient"/> if you want them. It is not disposed with the client.
    /// </summary>
    public EaselClient(HttpClient httpClient, EaselClientOptions options)
        : this(httpClient, options, ownsHttpClient: false)
    {
    }

    private EaselClient(HttpClient httpClient, EaselClientOptions options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _transport = new EaselTransport(httpClient, options, ownsHttpClient);
        _watcher = new TaskWatcher(_transport);
        Account = new AccountClient(_transport);
        Keys = new KeysClient(_transport);
        Webhooks = new WebhooksClient(_transport);
    }

    /// <summary>The server this client talks to.</summary>
    public Uri BaseUrl => _transport.BaseUrl;

    /// <summary>The account's balance, ledger and usage.</summary>
    public AccountClient Account { get; }

    /// <summary>The account's API keys (owner keys only).</summary>
    public KeysClient Keys { get; }

    /// <summary>The webhook secret and each task's webhook deliveries.</summary>
    public WebhooksClient Webhooks { get; }

    /// <summary>
    /// Submits the request and waits for its end — over the event stream, reconnecting if it drops, polling where there is none —
    /// then returns the task with its files. The submit carries a new <c>Idempotency-Key</c>, so its retries make one task.
    /// </summary>
    /// <param name="request">What to generate or edit.</param>
    /// <param name="progress">Told each change of state and progress while the task is queued and running.</param>
    /// <param name="cancellationToken">Stops waiting; the task itself goes on (cancel it with <see cref="CancelAsync"/>).</param>
    /// <exception cref="EaselTaskFailedException">The task failed or was canceled.</exception>
    public async Task<ImageTask> GenerateAsync(ImageRequest request, IProgress<ImageTaskStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        var submitted = await SubmitAsync(request, idempotencyKey: null, cancellationToken);
        var task = await WaitAsync(submitted.TaskId, progress, cancellationToken);
        return task.State == ImageTaskState.Succeeded ? task : throw new EaselTaskFailedException(task);
    }

    /// <summary>Generates one image from <paramref name="prompt"/> with the server's defaults and waits for it.</summary>
    /// <inheritdoc cref="GenerateAsync(ImageRequest, IProgress{ImageTaskStatus}?, CancellationToken)"/>
    public Task<ImageTask> GenerateAsync(string prompt, CancellationToken cancellationToken = default) =>
        GenerateAsync(new ImageRequest(prompt), progress: null, cancellationToken);

    /// <summary>Submits a task and returns at once, with its id and status <c>not_started</c>.</summary>
    /// <param name="request">What to generate or edit.</param>
    /// <param name="idempotencyKey">
    /// Makes a repeat of this call (a crash, a retry of your own) answer with the same task instead of making another; kept by the
    /// server for 24 h. A random one is used when null.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ImageTaskStatus> SubmitAsync(ImageRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = _transport.Request(HttpMethod.Post, "api/generate/submit", SubmitContent.For(request)).WithIdempotencyKey(idempotencyKey);
        return (await _transport.SendBareAsync(message, EaselJson.Default.EnvelopeImageTaskStatus, cancellationToken)).Data;
    }

    /// <summary>The task's status and, once it has succeeded, its files.</summary>
    public Task<ImageTaskStatus> GetStatusAsync(string taskId, CancellationToken cancellationToken = default) =>
        _watcher.StatusAsync(TaskId(taskId), cancellationToken);

    /// <summary>The task in full: its status, settings, credits and files with their sizes and thumbnails.</summary>
    public Task<ImageTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        _transport.GetAsync($"api/generate/tasks/{Uri.EscapeDataString(TaskId(taskId))}", EaselJson.Default.EnvelopeImageTask, cancellationToken);

    /// <summary>
    /// Waits until the task has ended (over the event stream, reconnecting if it drops, polling where there is none) and returns
    /// it in full, whether it succeeded, failed or was canceled.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="progress">Told each change of state and progress.</param>
    /// <param name="cancellationToken">Stops waiting; the task goes on.</param>
    public async Task<ImageTask> WaitAsync(string taskId, IProgress<ImageTaskStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var status in WatchAsync(taskId, cancellationToken))
        {
            progress?.Report(status);
        }
        return await GetTaskAsync(taskId, cancellationToken);
    }

    /// <summary>
    /// The task's status each time its state or progress changes, the first being where it is now and the last its end; over the
    /// event stream, reconnecting if it drops, polling where there is none.
    /// </summary>
    public IAsyncEnumerable<ImageTaskStatus> WatchAsync(string taskId, CancellationToken cancellationToken = default) =>
        _watcher.WatchAsync(TaskId(taskId), cancellationToken);

    /// <summary>Cancels a queued or running task; nothing is charged for it.</summary>
    /// <exception cref="EaselConflictException">The task had already ended.</exception>
    public Task<ImageTaskStatus> CancelAsync(string taskId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Post, $"api/generate/cancel/{Uri.EscapeDataString(TaskId(taskId))}", EaselJson.Default.EnvelopeImageTaskStatus, cancellationToken);

    /// <summary>The account's tasks, newest first, fetched a page at a time as you enumerate.</summary>
    /// <param name="state">Only tasks in this state.</param>
    /// <param name="pageSize">Tasks per request (1–100; the server's default when null).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<ImageTask> ListTasksAsync(ImageTaskState? state = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var tasks = Pages.AllAsync(async (cursor, ct) =>
        {
            var path = Pages.Query("api/generate/tasks", ("status", StatusWord(state)), ("limit", pageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor));
            var page = await _transport.GetAsync(path, EaselJson.Default.EnvelopeTaskPage, ct);
            return (page.Tasks, page.NextCursor);
        }, cancellationToken);
        // The wire has one word for failed and canceled.
        return state is ImageTaskState.Failed or ImageTaskState.Canceled ? tasks.Where(t => t.State == state) : tasks;
    }

    /// <summary>The models the server offers, with their sizes, qualities and credits per image.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        (await _transport.GetAsync("api/models", EaselJson.Default.EnvelopeModelList, cancellationToken)).Models;

    /// <summary>Copies an output image to <paramref name="destination"/> as it arrives, never holding it whole in memory.</summary>
    /// <exception cref="EaselNotFoundException">The file's link has expired (410) or the file is gone.</exception>
    public async Task DownloadAsync(ImageFile file, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(destination);
        // The URL is signed: it needs no key, and none is sent with it.
        using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
        using var response = await _transport.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Saves an output image to <paramref name="path"/>, streaming it; a download that fails leaves no partial file.</summary>
    /// <returns>The full path written.</returns>
    public async Task<string> DownloadToFileAsync(ImageFile file, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        try
        {
            await using var destination = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await DownloadAsync(file, destination, cancellationToken);
        }
        catch
        {
            File.Delete(full);
            throw;
        }
        return full;
    }

    /// <summary>Releases the connection pool this client made (an <see cref="HttpClient"/> passed in is left alone).</summary>
    public void Dispose() => _transport.Dispose();

    private static string TaskId(string taskId, [CallerArgumentExpression(nameof(taskId))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId, name);
        return taskId;
    }

    private static string? StatusWord(ImageTaskState? state) => state switch
    {
        null => null,
        ImageTaskState.Queued => "not_started",
        ImageTaskState.Running => "running",
        ImageTaskState.Succeeded => "finished",
        _ => "failed",
    };
}
