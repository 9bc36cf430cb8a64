using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Easel.Core;
using Easel.Providers.Upstream;

namespace Easel.Providers.YyCode;

/// <summary>
/// YYCode: <c>x-demo-*</c> headers, a JSON generate or a multipart edit (reference images uploaded as <c>image</c> parts, and
/// a mask) submitted as a job, then <c>GET /api/jobs/{id}</c> (no key) until it ends; the base64 images are streamed to storage.
/// </summary>
public sealed class YyCodeProvider(UpstreamHttp http) : IImageProvider
{
    /// <summary>The YYCode gateway address its image API expects on every call (YYCode's docs).</summary>
    public const string GatewayUrl = "https://yycode.net";

    private static readonly string[] ImageFields = ["b64"];

    public string Name => http.Channel.Name;

    public string? CannotServe(GenerationRequest request) =>
        request.Background == Background.Transparent ? $"{http.Channel} (yycode) cannot make a transparent background" : null;

    public Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken) =>
        UpstreamFailures.GuardAsync(http.Channel, () => RunAsync(job, cancellationToken), cancellationToken);

    private async Task<ProviderOutcome> RunAsync(ProviderJob job, CancellationToken ct)
    {
        var jobId = job.ResumeUpstreamTaskId;
        if (jobId is null)
        {
            var edit = job.Request.Model == GenerationModel.Edit;
            using HttpContent content = edit ? await EditFormAsync(job, ct) : GenerateBody(job.Request);
            using var deadline = http.Deadline(ct);
            using var request = http.Request(HttpMethod.Post, edit ? "api/images/edit" : "api/images/generate", content, withKey: false);
            request.Headers.Add("x-demo-api-key", http.Channel.ApiKey);
            request.Headers.Add("x-demo-async", "1");
            request.Headers.Add("x-demo-base-url", GatewayUrl);
            using var response = await http.SendAsync(request, deadline.Token);
            var answer = await UpstreamHttp.ReadSmallAsync(response, YyCodeUpstreamJson.Default.YyCodeUpstreamAnswer, deadline.Token);
            if (!response.IsSuccessStatusCode || answer is { Ok: false })
            {
                return UpstreamFailures.FromStatus(http.Channel, response, answer?.Error?.Message, answer?.Error?.Code);
            }
            jobId = string.IsNullOrEmpty(answer?.JobId) ? throw new InvalidDataException("no jobId in the submit answer") : answer.JobId;
            await job.Journal.RecordSubmittedAsync(jobId, ct);
        }
        return await http.PollAsync(token => PollOnceAsync(job, jobId, token), ct);
    }

    private async Task<ProviderOutcome?> PollOnceAsync(ProviderJob job, string jobId, CancellationToken ct)
    {
        using var request = http.Request(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(jobId)}", withKey: false);
        using var response = await http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            return null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var reader = new Base64JsonReader(body, ImageFields);
        var images = new List<GeneratedImage>();
        while (await reader.NextImageAsync(ct) is { } image)
        {
            images.Add(await job.Images.SaveAsync(image, ct));
        }
        var answer = JsonSerializer.Deserialize(reader.Rest.Span, YyCodeUpstreamJson.Default.YyCodeUpstreamAnswer) ?? throw new InvalidDataException("empty answer");
        return answer switch
        {
            { Status: "succeeded" } when images.Count > 0 => new ProviderOutcome.Succeeded(images, UpstreamRequests.Explicit(job.Request.Quality)),
            { Status: "succeeded" } => UpstreamFailures.DownloadFailed(http.Channel, "the finished job holds no image"),
            { Status: "failed" } or { Ok: false, Pending: false } => UpstreamFailures.JobFailed(answer.Error?.Message, answer.Error?.Code),
            _ when status is < 200 or >= 300 => new ProviderOutcome.Failed($"{http.Channel}: the upstream lost the job (HTTP {status})", FailureCode.UpstreamFailed, Retryable: false),
            _ => null,
        };
    }

    private JsonContent GenerateBody(GenerationRequest r) =>
        JsonContent.Create(new YyCodeUpstreamRequest(http.Channel.Model, r.Prompt, r.ImageCount, r.Format.ToWire(), UpstreamRequests.Explicit(r.Quality).ToWire(), BackgroundWord(r.Background))
        {
            Size = r.Size?.ToString(),
        }, YyCodeUpstreamJson.Default.YyCodeUpstreamRequest);

    private async Task<MultipartFormDataContent> EditFormAsync(ProviderJob job, CancellationToken ct)
    {
        var r = job.Request;
        var form = new MultipartFormDataContent();
        UpstreamRequests.AddField(form, "model", http.Channel.Model);
        UpstreamRequests.AddField(form, "prompt", r.Prompt);
        UpstreamRequests.AddField(form, "n", r.ImageCount.ToString(CultureInfo.InvariantCulture));
        UpstreamRequests.AddField(form, "size", r.Size?.ToString());
        UpstreamRequests.AddField(form, "output_format", r.Format.ToWire());
        UpstreamRequests.AddField(form, "quality", UpstreamRequests.Explicit(r.Quality).ToWire());
        UpstreamRequests.AddField(form, "background", BackgroundWord(r.Background));
        await UpstreamRequests.AddReferencesAsync(form, job, "image", ct);
        return form;
    }

    private static string BackgroundWord(Background background) => background == Background.Opaque ? "opaque" : "auto";
}
