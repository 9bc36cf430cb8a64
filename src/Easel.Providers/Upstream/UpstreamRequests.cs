using System.Net.Http.Headers;
using Easel.Core;

namespace Easel.Providers.Upstream;

/// <summary>Request-side rules shared by the clients: the quality sent and charged, and reference uploads.</summary>
public static class UpstreamRequests
{
    /// <summary>
    /// The quality sent to an upstream that does not report the quality it used: <c>auto</c> is sent as <c>medium</c>
    /// (what the sandbox resolves it to), so what Easel captures is what it asked for.
    /// </summary>
    public static Quality Explicit(Quality requested) => requested == Quality.Auto ? Quality.Medium : requested;

    /// <summary>The quality an upstream says it used; when it does not say, what was asked (<c>auto</c> as <c>medium</c>).</summary>
    public static Quality Resolved(string? reported, Quality requested) =>
        Qualities.TryParse(reported, allowAliases: true, out var quality) && quality != Quality.Auto ? quality : Explicit(requested);

    /// <summary>Adds the request's reference images (uploads, then fetched URLs) as file parts named <paramref name="imageField"/>, and its mask.</summary>
    public static async Task AddReferencesAsync(MultipartFormDataContent form, ProviderJob job, string imageField, CancellationToken ct)
    {
        var index = 0;
        foreach (var image in await job.AllReferencesAsync(ct))
        {
            form.Add(FilePart(image), imageField, $"image{index++}.{image.Format.Extension()}");
        }
        if (await job.MaskAsync(ct) is { } mask)
        {
            form.Add(FilePart(mask), "mask", $"mask.{mask.Format.Extension()}");
        }
    }

    public static void AddField(MultipartFormDataContent form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new StringContent(value), name);
        }
    }

    private static ReadOnlyMemoryContent FilePart(ReferenceImage image)
    {
        var part = new ReadOnlyMemoryContent(image.Bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(image.Format.ContentType());
        return part;
    }
}
