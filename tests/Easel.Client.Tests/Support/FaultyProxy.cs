using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Easel.Client.Tests.Support;

/// <summary>What the proxy does to one request, given how many requests to the same path came before it (0 for the first).</summary>
public enum Fault
{
    /// <summary>Forward it and its answer untouched.</summary>
    None,

    /// <summary>Forward the request, let Easel answer it in full, then reset the client's connection instead of answering.</summary>
    ResetAfterForwarding,

    /// <summary>Forward the answer's headers and first <c>event: status</c> frame, then cut the connection.</summary>
    CutAfterFirstEvent,

    /// <summary>Answer 200 with an HTML page, as a proxy that will not carry an event stream might.</summary>
    NotAnEventStream,
}

/// <summary>A loopback HTTP proxy in front of Easel that injects one fault per request as the test scripts it.</summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, int> _seen = [];

    private FaultyProxy(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request the proxy received, as <c>METHOD /path</c>.</summary>
    public List<string> Requests { get; } = [];

    public static async Task<FaultyProxy> StartAsync(Uri upstream, Func<HttpRequest, int, Fault> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultyProxy(app);
        app.Run(context => proxy.ForwardAsync(context, upstream, script));
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    public int Count(string methodAndPathStart)
    {
        lock (Requests)
        {
            return Requests.Count(r => r.StartsWith(methodAndPathStart, StringComparison.Ordinal));
        }
    }

    private async Task ForwardAsync(HttpContext context, Uri upstream, Func<HttpRequest, int, Fault> script)
    {
        var request = context.Request;
        var name = $"{request.Method} {request.Path}";
        int before;
        lock (Requests)
        {
            Requests.Add(name);
            before = _seen.GetValueOrDefault(name);
            _seen[name] = before + 1;
        }
        var fault = script(request, before);
        if (fault == Fault.NotAnEventStream)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>streaming is not allowed here</html>");
            return;
        }
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, request.Path + request.QueryString));
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var (header, values) in request.Headers)
        {
            if (!forward.Headers.TryAddWithoutValidation(header, [.. values]) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(header, [.. values]);
            }
        }
        forward.Headers.Host = null;
        using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (fault == Fault.ResetAfterForwarding)
        {
            await answer.Content.ReadAsByteArrayAsync();
            context.Abort();
            return;
        }
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (header, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (header is not ("Transfer-Encoding" or "Connection"))
            {
                context.Response.Headers[header] = values.ToArray();
            }
        }
        await using var stream = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        if (fault == Fault.CutAfterFirstEvent)
        {
            await CopyFirstEventAsync(stream, context.Response);
            context.Abort();
            return;
        }
        await context.Response.StartAsync();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task CopyFirstEventAsync(Stream stream, HttpResponse response)
    {
        var frame = new MemoryStream();
        var one = new byte[1];
        while (!EndsWithBlankLine(frame) && await stream.ReadAsync(one) > 0)
        {
            frame.Write(one);
        }
        await response.Body.WriteAsync(frame.ToArray());
        await response.Body.FlushAsync();
    }

    private static bool EndsWithBlankLine(MemoryStream frame) =>
        frame.Length >= 2 && frame.GetBuffer()[frame.Length - 1] == '\n' && frame.GetBuffer()[frame.Length - 2] == '\n';

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
