using System.Net.Http.Json;
using System.Text.Json;
using Easel.Core;
using Easel.Providers.Upstream;

namespace Easel.Providers.OpenAi;

/// <summary>
/// Any OpenAI-compatible Images API (OpenAI, Azure OpenAI's v1 API, LocalAI…): synchronous generations (JSON) and edits
/// (multipart, <c>image[]</c> and <c>mask</c>). Base64 results are streamed to storage; the answer's quality is what is charged.
/// </summary>
public sealed class OpenAiProvider(UpstreamHttp http) : IImageProvider
{
    private static readonly string[] ImageFields = ["b64_json"];

    public string Name => http.Channel.Name;

    public string? CannotServe(GenerationRequest request) => null;

    public Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken) =>
        UpstreamFailures.GuardAsync(http.Channel, () => RunAsync(job, cancellationToken), cancellationToken);

    private async Task<ProviderOutcome> RunAsync(ProviderJob job, CancellationToken ct)
    {
        var edit = job.Request.Model == GenerationModel.Edit;
        using HttpContent content = edit ? await EditFormAsync(job, ct) : GenerateBody(job.Request);
        using var deadline = http.Deadline(ct);
        using var request = http.Request(HttpMethod.Post, edit ? "images/edits" : "images/generations", content);
        using var response = await http.SendAsync(request, deadline.Token);
        if (!response.IsSuccessStatusCode)
        {
            var error = (await UpstreamHttp.ReadSmallAsync(response, OpenAiUpstreamJson.Default.OpenAiError, deadline.Token))?.Error;
            return UpstreamFailures.FromStatus(http.Channel, response, error?.Message, error?.Code ?? error?.Type);
        }
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        var reader = new Base64JsonReader(body, ImageFields);
        var images = new List<GeneratedImage>();
        while (await reader.NextImageAsync(deadline.Token) is { } image)
        {
            images.Add(await job.Images.SaveAsync(image, deadline.Token));
        }
        var answer = JsonSerializer.Deserialize(reader.Rest.Span, OpenAiUpstreamJson.Default.OpenAiImagesResponse)
            ?? throw new InvalidDataException("empty answer");
        foreach (var linked in (answer.Data ?? []).Where(d => string.IsNullOrEmpty(d.B64Json) && !string.IsNullOrEmpty(d.Url)))
        {
            var downloaded = await http.DownloadAsync(linked.Url!, job.Images, ct);
            if (!downloaded.IsOk)
            {
                return UpstreamFailures.DownloadFailed(http.Channel, downloaded.Error!.Message);
            }
            images.Add(downloaded.Value!);
        }
        if (images.Count == 0)
        {
            throw new InvalidDataException("the answer holds no image");
        }
        return new ProviderOutcome.Succeeded(images, UpstreamRequests.Resolved(answer.Quality, job.Request.Quality));
    }

    private JsonContent GenerateBody(GenerationRequest r) =>
        JsonContent.Create(new OpenAiUpstreamRequest(http.Channel.Model, r.Prompt, r.ImageCount, r.Size?.ToString() ?? "auto", r.Quality.ToWire())
        {
            OutputFormat = r.Format == OutputFormat.Png ? null : r.Format.ToWire(),
            Background = BackgroundWord(r.Background),
        }, OpenAiUpstreamJson.Default.OpenAiUpstreamRequest);

    private async Task<MultipartFormDataContent> EditFormAsync(ProviderJob job, CancellationToken ct)
    {
        var r = job.Request;
        var form = new MultipartFormDataContent();
        UpstreamRequests.AddField(form, "model", http.Channel.Model);
        UpstreamRequests.AddField(form, "prompt", r.Prompt);
        UpstreamRequests.AddField(form, "n", r.ImageCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        UpstreamRequests.AddField(form, "size", r.Size?.ToString() ?? "auto");
        UpstreamRequests.AddField(form, "quality", r.Quality.ToWire());
        UpstreamRequests.AddField(form, "output_format", r.Format == OutputFormat.Png ? null : r.Format.ToWire());
        UpstreamRequests.AddField(form, "background", BackgroundWord(r.Background));
        await UpstreamRequests.AddReferencesAsync(form, job, "image[]", ct);
        return form;
    }

    /// <summary>Left out for <c>auto</c>: the upstream's own default.</summary>
    private static string? BackgroundWord(Background background) => background == Background.Auto ? null : background.ToWire();
}
