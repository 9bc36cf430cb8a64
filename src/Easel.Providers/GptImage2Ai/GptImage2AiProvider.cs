using System.Net.Http.Json;
using Easel.Core;
using Easel.Providers.Upstream;

namespace Easel.Providers.GptImage2Ai;

/// <summary>
/// GPTImage2.ai: create a job, record its id, poll it (202 while pending or running, 200 when it ended), download each
/// <c>imageUrl</c>. It renders 1K at five ratios, 1–4 images, at its own (medium) quality; reference images go as URLs.
/// </summary>
public sealed class GptImage2AiProvider(UpstreamHttp http) : IImageProvider
{
    private static readonly string[] Ratios = ["1:1", "16:9", "9:16", "4:3", "3:4"];
    private const int MaxCount = 4;

    public string Name => http.Channel.Name;

    public string? CannotServe(GenerationRequest request) => request switch
    {
        { ImageCount: > MaxCount } => $"{http.Channel} (gptimage2ai) makes at most {MaxCount} images per task",
        { Quality: not (Quality.Auto or Quality.Medium) } => $"{http.Channel} (gptimage2ai) renders at medium quality only",
        { MaskImage: not null } => $"{http.Channel} (gptimage2ai) cannot apply a mask",
        { InputImages.Count: > 0 } => $"{http.Channel} (gptimage2ai) takes reference images only as URLs, not uploads",
        { Format: not OutputFormat.Png } => $"{http.Channel} (gptimage2ai) cannot choose the output format; ask for png",
        { Background: Background.Transparent } => $"{http.Channel} (gptimage2ai) cannot make a transparent background",
        { Size: { } size } when RatioOf(size) is null => $"{http.Channel} (gptimage2ai) renders only 1K sizes at ratios {string.Join(", ", Ratios)}",
        _ => null,
    };

    public Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken) =>
        UpstreamFailures.GuardAsync(http.Channel, () => RunAsync(job, cancellationToken), cancellationToken);

    private async Task<ProviderOutcome> RunAsync(ProviderJob job, CancellationToken ct)
    {
        var jobId = job.ResumeUpstreamTaskId;
        if (jobId is null)
        {
            var r = job.Request;
            using var deadline = http.Deadline(ct);
            var body = new GptImage2AiUpstreamRequest(r.Prompt, r.Model == GenerationModel.Edit ? "image-to-image" : "text-to-image", r.ImageCount)
            {
                Ratio = r.Size is { } size ? RatioOf(size) : null,
                ImageUrls = r.ImageUrls.Count > 0 ? r.ImageUrls : null,
            };
            using var request = http.Request(HttpMethod.Post, "api/generate", JsonContent.Create(body, GptImage2AiUpstreamJson.Default.GptImage2AiUpstreamRequest));
            using var response = await http.SendAsync(request, deadline.Token);
            var created = await UpstreamHttp.ReadSmallAsync(response, GptImage2AiUpstreamJson.Default.GptImage2AiUpstreamJob, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return UpstreamFailures.FromStatus(http.Channel, response, created?.Error, created?.Error);
            }
            jobId = string.IsNullOrEmpty(created?.JobId) ? throw new InvalidDataException("no jobId in the create answer") : created.JobId;
            await job.Journal.RecordSubmittedAsync(jobId, ct);
        }
        return await http.PollAsync(token => PollOnceAsync(job, jobId, token), ct);
    }

    private async Task<ProviderOutcome?> PollOnceAsync(ProviderJob job, string jobId, CancellationToken ct)
    {
        using var request = http.Request(HttpMethod.Get, $"api/generate/{Uri.EscapeDataString(jobId)}");
        var (answer, failure) = await PollReads.ReadAsync(http, request, GptImage2AiUpstreamJson.Default.GptImage2AiUpstreamJob, ct);
        if (failure is not null)
        {
            return failure;
        }
        switch (answer?.Status)
        {
            case "succeeded":
                var images = new List<GeneratedImage>();
                foreach (var result in answer.Results ?? [])
                {
                    var downloaded = await http.DownloadAsync(result.ImageUrl ?? "", job.Images, ct);
                    if (!downloaded.IsOk)
                    {
                        return UpstreamFailures.DownloadFailed(http.Channel, downloaded.Error!.Message);
                    }
                    images.Add(downloaded.Value!);
                }
                return images.Count == 0
                    ? UpstreamFailures.DownloadFailed(http.Channel, "the finished job lists no image")
                    : new ProviderOutcome.Succeeded(images, Quality.Medium);
            case "failed":
                return UpstreamFailures.JobFailed(answer.Error, answer.Error);
            default:
                return null;
        }
    }

    private static string? RatioOf(ImageSize size) =>
        SizePresets.TryFind(size, out var ratio, out var resolution) && resolution == Resolution.OneK && Ratios.Contains(ratio) ? ratio : null;
}
