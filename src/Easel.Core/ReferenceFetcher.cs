namespace Easel.Core;

/// <summary>Fetches a reference image a request names by URL, under the outbound-safety rules (SPEC §9).</summary>
public interface IReferenceFetcher
{
    /// <exception cref="ReferenceFetchException">The URL is refused, unreachable, too large or not an image.</exception>
    Task<ReferenceImage> FetchAsync(string url, CancellationToken cancellationToken);
}

public sealed class ReferenceFetchException(string message) : Exception(message);
