using System.Net.Http.Json;
using Easel.Core;
using Easel.Providers.Upstream;

namespace Easel.Providers.Unified;

/// <summary>
/// PoYo and APIDot (the same wire, different base URLs): submit, record the upstream task id, poll its status, then download
/// each <c>file_url</c> at once (they expire). One image per task, no mask, no output format or transparent background.
/// </summary>
public sealed class UnifiedProvider(UpstreamHttp http) : IImageProvider
{
    public string Name => http.Channel.Name;

    public string? CannotServe(GenerationRequest request) => request switch
    {
        { ImageCount: > 1 } => $"{http.Channel} (unified) makes one image per task; ask for one image",
        { MaskImage: not null } => $"{http.Channel} (unified) cannot apply a mask",
        { InputImages.Count: > 0 } => $"{http.Channel} (unified) takes reference images only as URLs, not uploads",
        { Format: not OutputFormat.Png } => $"{http.Channel} (unified) cannot choose the output format; ask for png",
        { Background: Background.Transparent } => $"{http.Channel} (unified) cannot make a transparent background",
        _ => null,
    };

    public Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken) =>
        UpstreamFailures.GuardAsync(http.Channel, () => RunAsync(job, cancellationToken), cancellationToken);

    private async Task<ProviderOutcome> RunAsync(ProviderJob job, CancellationToken ct)
    {
        var upstreamId = job.ResumeUpstreamTaskId;
        if (upstreamId is null)
        {
            var submitted = await SubmitAsync(job.Request, ct);
            if (submitted.Failure is not null)
            {
                return submitted.Failure;
            }
            upstreamId = submitted.TaskId!;
            await job.Journal.RecordSubmittedAsync(upstreamId, ct);
        }
        return await http.PollAsync(token => PollOnceAsync(job, upstreamId, token), ct);
    }

    private async Task<(string? TaskId, ProviderOutcome.Failed? Failure)> SubmitAsync(GenerationRequest r, CancellationToken ct)
    {
        using var deadline = http.Deadline(ct);
        var body = new UnifiedUpstreamRequest(
            r.Model == GenerationModel.Edit ? http.Channel.Model + "-edit" : http.Channel.Model,
            new UnifiedUpstreamInput(r.Prompt, UpstreamRequests.Explicit(r.Quality).ToWire(), SizeWord(r.Size), ResolutionWord(r.Size))
            {
                ImageUrls = r.ImageUrls.Count > 0 ? r.ImageUrls : null,
            });
        using var request = http.Request(HttpMethod.Post, "api/generate/submit", JsonContent.Create(body, UnifiedUpstreamJson.Default.UnifiedUpstreamRequest));
        using var response = await http.SendAsync(request, deadline.Token);
        var answer = await UpstreamHttp.ReadSmallAsync(response, UnifiedUpstreamJson.Default.UnifiedUpstreamAnswer, deadline.Token);
        if (!response.IsSuccessStatusCode)
        {
            return (null, UpstreamFailures.FromStatus(http.Channel, response, answer?.Error?.Message, answer?.Error?.Type));
        }
        var taskId = answer?.Data?.TaskId;
        return string.IsNullOrEmpty(taskId) ? throw new InvalidDataException("no task_id in the submit answer") : (taskId, null);
    }

    /// <summary>One status read: null while the job runs (or the status endpoint has passing trouble), an outcome once it ended.</summary>
    private async Task<ProviderOutcome?> PollOnceAsync(ProviderJob job, string upstreamId, CancellationToken ct)
    {
        UnifiedUpstreamAnswer? answer;
        using (var request = http.Request(HttpMethod.Get, $"api/generate/status/{Uri.EscapeDataString(upstreamId)}"))
        {
            var read = await PollReads.ReadAsync(http, request, UnifiedUpstreamJson.Default.UnifiedUpstreamAnswer, ct);
            if (read.Failure is not null)
            {
                return read.Failure;
            }
            answer = read.Answer;
        }
        switch (answer?.Data?.Status)
        {
            case "finished":
                var images = new List<GeneratedImage>();
                foreach (var file in answer.Data.Files?.Where(f => f.FileType is null or "image") ?? [])
                {
                    var downloaded = await http.DownloadAsync(file.FileUrl ?? "", job.Images, ct);
                    if (!downloaded.IsOk)
                    {
                        return UpstreamFailures.DownloadFailed(http.Channel, downloaded.Error!.Message);
                    }
                    images.Add(downloaded.Value!);
                }
                return images.Count == 0
                    ? UpstreamFailures.DownloadFailed(http.Channel, "the finished task lists no image file")
                    : new ProviderOutcome.Succeeded(images, UpstreamRequests.Explicit(job.Request.Quality));
            case "failed":
                return UpstreamFailures.JobFailed(answer.Data.ErrorMessage, null);
            default:
                return null;
        }
    }

    /// <summary>A preset size goes as its ratio; any other size as <c>WxH</c> (which unified upstreams accept at 2K or 4K).</summary>
    private static string SizeWord(ImageSize? size) =>
        size is not { } s ? "auto" : SizePresets.TryFind(s, out var ratio, out _) ? ratio : s.ToString();

    private static string ResolutionWord(ImageSize? size)
    {
        if (size is not { } s)
        {
            return Resolution.OneK.ToWire();
        }
        if (SizePresets.TryFind(s, out _, out var resolution))
        {
            return resolution.ToWire();
        }
        return SizeRules.TierOf(s) == BillingTier.FourK ? Resolution.FourK.ToWire() : Resolution.TwoK.ToWire();
    }
}
