using Easel.Engine;
using Microsoft.Extensions.Options;

namespace Easel.Server.Http;

/// <summary>The base URL file links are built on: <c>Easel:PublicBaseUrl</c>, or the one the request came in on.</summary>
public sealed class PublicBase(IOptions<EaselOptions> options)
{
    private readonly string? _configured = options.Value.PublicBaseUrl?.TrimEnd('/');

    public string Of(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
