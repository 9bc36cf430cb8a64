using System.Collections.Concurrent;
using Easel.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Easel.FakeUpstreams;

/// <summary>What a fake upstream does wrong, on purpose.</summary>
public enum Fault
{
    None,
    ServerError,
    RateLimited,
    Hang,
    Malformed,
    Unauthorized,
    PaymentRequired,
    Moderation,
    StaysRunning,
    FileMissing,
    JobFails,
}

/// <summary>
/// One loopback server speaking all four upstream wire formats (OpenAI Images API, unified PoYo/APIDot, GPTImage2.ai, YYCode)
/// at their documented paths, with the seed documents' literal examples as its answers and faults to order.
/// </summary>
public sealed partial class FakeUpstream : IAsyncDisposable
{
    public const string Key = "sk-upstream-secret-0123456789";
    public const string ModerationMessage = "Your request was rejected as a result of our safety system.";
    public const string JobFailureMessage = "generation failed upstream: the renderer crashed";
    public const int RetryAfterSeconds = 7;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _pollsByJob = new();
    private int _submits;
    private int _polls;
    private int _jobSequence;

    private FakeUpstream(WebApplication app, byte[] image)
    {
        _app = app;
        Image = image;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The PNG every job produces.</summary>
    public byte[] Image { get; set; }

    public Fault Fault { get; set; }

    /// <summary>Status reads answered "running" before a job finishes.</summary>
    public int PendingPolls { get; set; } = 1;

    /// <summary>While set, every job stays running (a test releases it to let jobs finish).</summary>
    public bool Hold { get; set; }

    public int Submits => Volatile.Read(ref _submits);

    public int Polls => Volatile.Read(ref _polls);

    /// <summary>The last request's fields, as the upstream saw them (JSON body or form fields), and its file parts.</summary>
    public IReadOnlyDictionary<string, string> LastFields { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<string> LastFileParts { get; private set; } = [];

    /// <summary>The credential headers of the last submit.</summary>
    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    public static async Task<FakeUpstream> StartAsync(int width = 1024, int height = 1024)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app, TestPng(width, height));
        fake.MapOpenAi(app);
        fake.MapUnified(app);
        fake.MapGptImage2Ai(app);
        fake.MapYyCode(app);
        app.MapGet("/generated/{name}", fake.ServeFile);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>A PNG with varied pixels (so it does not compress to nothing).</summary>
    public static byte[] TestPng(int width, int height)
    {
        var pixels = new byte[width * height * 4];
        new Random(width * 31 + height).NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }
        return PngCodec.Encode(new RgbaImage(width, height, pixels), withAlpha: false);
    }

    public string FileUrl(string jobId) => new Uri(BaseAddress, $"/generated/{jobId}.png").ToString();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> ServeFile(string name, CancellationToken ct)
    {
        await Task.Yield();
        return Fault == Fault.FileMissing ? Results.NotFound() : Results.Bytes(Image, "image/png");
    }

    private string NewJob(string prefix)
    {
        Interlocked.Increment(ref _submits);
        return $"{prefix}{Interlocked.Increment(ref _jobSequence)}";
    }

    /// <summary>Counts a status read; true when the job has finished (it ran for <see cref="PendingPolls"/> reads and is not held).</summary>
    private bool PollFinishes(string jobId)
    {
        Interlocked.Increment(ref _polls);
        var seen = _pollsByJob.AddOrUpdate(jobId, 1, (_, n) => n + 1);
        return !Hold && Fault != Fault.StaysRunning && seen > PendingPolls;
    }

    private void Remember(HttpRequest request, IReadOnlyDictionary<string, string> fields, IReadOnlyList<string> files)
    {
        LastFields = fields;
        LastFileParts = files;
        LastHeaders = new[] { "Authorization", "api-key", "x-demo-api-key", "x-demo-async", "x-demo-base-url" }
            .Where(h => request.Headers.ContainsKey(h)).ToDictionary(h => h, h => request.Headers[h].ToString());
    }

    private static async Task<(Dictionary<string, string> Fields, List<string> Files)> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        return (form.ToDictionary(f => f.Key, f => f.Value.ToString()), form.Files.Select(f => $"{f.Name}:{f.ContentType}:{f.Length}").ToList());
    }

    private static async Task<Dictionary<string, string>> ReadJsonFieldsAsync(HttpRequest request, CancellationToken ct)
    {
        using var doc = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        return Flatten(doc.RootElement, "");
    }

    private static Dictionary<string, string> Flatten(System.Text.Json.JsonElement element, string prefix)
    {
        var fields = new Dictionary<string, string>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var (k, v) in Flatten(property.Value, prefix + property.Name + "."))
                {
                    fields[k] = v;
                }
            }
            else
            {
                fields[prefix + property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        return fields;
    }

    /// <summary>
    /// The faults every wire has before a job exists: a hang, a malformed 200, or an error answer that
    /// <paramref name="error"/> renders in the wire's own envelope from (status, message, code).
    /// </summary>
    private async Task<IResult?> SubmitFaultAsync(HttpContext http, Func<int, string, string, IResult> error, CancellationToken ct)
    {
        switch (Fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, ct);
                return null;
            case Fault.Malformed:
                return Results.Text("{\"created\":1713833628,\"data\":[{\"b64_json\":\"iVBORw0KGgo", "application/json");
            case Fault.ServerError:
                return error(500, "The server had an error while processing your request.", "server_error");
            case Fault.RateLimited:
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return error(429, "Rate limit reached for images per minute.", "rate_limited");
            case Fault.PaymentRequired:
                return error(402, "Insufficient account balance.", "insufficient_credits");
            case Fault.Moderation:
                return error(400, ModerationMessage, "moderation_blocked");
            default:
                return null;
        }
    }
}
