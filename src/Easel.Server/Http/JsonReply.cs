namespace Easel.Server.Http;

/// <summary>A response already rendered to bytes, so it can be both sent and kept for idempotent replay.</summary>
public sealed record JsonReply(int Status, byte[] Body, string ContentType = "application/json") : IResult
{
    public IDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>An error reply in any dialect's shape, with the <c>Retry-After</c> the error asks for.</summary>
    public static JsonReply ForError(int status, byte[] body, Easel.Core.RequestError error)
    {
        var reply = new JsonReply(status, body);
        if (error.RetryAfterSeconds is { } seconds)
        {
            reply.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return reply;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }
}
