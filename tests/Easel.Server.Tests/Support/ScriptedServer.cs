using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Easel.Server.Tests.Support;

/// <summary>What a <see cref="ScriptedServer"/> answers: a status, optional body and Location, after an optional delay.</summary>
public sealed record ScriptedAnswer(int Status, byte[]? Body = null, string? ContentType = null, string? Location = null, TimeSpan Delay = default);

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A loopback HTTP server (a webhook receiver, an image host) that answers as the test scripts it and records what it received.</summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly CancellationTokenSource _stop = new();

    public ScriptedServer(Func<ReceivedRequest, ScriptedAnswer>? script = null)
    {
        Script = script ?? (_ => new ScriptedAnswer(200));
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Decides each answer; the test may swap it (a receiver that comes back up, say).</summary>
    public Func<ReceivedRequest, ScriptedAnswer> Script { get; set; }

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Waits until <paramref name="count"/> requests have arrived (real time: the sender runs on real timers).</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (_received.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {_received.Count} of {count} requests arrived in {seconds}s");
            await Task.Delay(20);
        }
        return Received;
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray());
            _received.Enqueue(request);
            var answer = Script(request);
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, _stop.Token);
            }
            context.Response.StatusCode = answer.Status;
            if (answer.Location is not null)
            {
                context.Response.RedirectLocation = answer.Location;
            }
            if (answer.Body is { } bytes)
            {
                context.Response.ContentType = answer.ContentType ?? "application/octet-stream";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
