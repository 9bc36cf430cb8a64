using System.Net;
using System.Net.Sockets;

namespace Easel.Server.Tests.Support;

/// <summary>A loopback HTTP server that answers every request with fixed bytes, standing in for a client's image host.</summary>
public sealed class ReferenceServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public ReferenceServer(byte[] body, string contentType)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/reference";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    context.Response.ContentType = contentType;
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                    Interlocked.Increment(ref _requests);
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    private int _requests;

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose() => _listener.Close();
}
