using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Easel.Bench;

/// <summary>
/// nginx serving one static JSON file on 127.0.0.1 (the baseline): a generated config under a temp prefix,
/// run in the foreground as our child so it cannot outlive the bench.
/// </summary>
public sealed class NginxProcess : IDisposable
{
    public const string MissingNote = "skipped (nginx not installed: apt-get install nginx-light)";

    private readonly Process process;
    private readonly string prefix;

    private NginxProcess(Process process, string prefix, Uri fileUri)
    {
        this.process = process;
        this.prefix = prefix;
        FileUri = fileUri;
    }

    public Uri FileUri { get; }

    public static string? FindBinary() =>
        new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    public static Task<NginxProcess> StartAsync(string binary, byte[] body) =>
        StartAsync(binary, body, "location = /api/generate/status/bench { default_type application/json; try_files /status.json =404; }", "/api/generate/status/bench");

    /// <summary>nginx as a plain reverse proxy (kept-alive upstream connections) in front of <paramref name="upstream"/>.</summary>
    public static Task<NginxProcess> StartProxyAsync(string binary, Uri upstream, string probePath, int probeLength) =>
        StartAsync(binary, new byte[probeLength], string.Create(CultureInfo.InvariantCulture,
            $"location / {{ proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering off; client_max_body_size 64m; }}"),
            probePath, $"upstream backend {{ server {upstream.Host}:{upstream.Port}; keepalive 256; }}");

    private static async Task<NginxProcess> StartAsync(string binary, byte[] body, string location, string probePath, string upstreams = "")
    {
        var prefix = Directory.CreateTempSubdirectory("easel-bench-nginx-").FullName;
        var port = EaselProcess.FreePort();
        var root = Path.Combine(prefix, "html");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        await File.WriteAllBytesAsync(Path.Combine(root, "status.json"), body);
        var conf = Path.Combine(prefix, "nginx.conf");
        // Workers run as the current user when it is not root; as root they would drop to "nobody",
        // who may not read the temp dir, so they stay root here (loopback only, a throw-away prefix).
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var temp = Path.Combine(prefix, "tmp");
        await File.WriteAllTextAsync(conf, string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}daemon off;
            master_process on;
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                keepalive_requests 100000000;
                keepalive_timeout 120s;
                {{upstreams}}
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    {{location}}
                }
            }
            """));
        Directory.CreateDirectory(temp);
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", conf, "-p", prefix, "-e", Path.Combine(prefix, "logs", "error.log") })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start nginx");
        var nginx = new NginxProcess(process, prefix, new Uri($"http://127.0.0.1:{port}{probePath}"));
        try
        {
            await nginx.WaitServingAsync(body.Length);
        }
        catch
        {
            nginx.Dispose();
            throw;
        }
        return nginx;
    }

    private async Task WaitServingAsync(int length)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                var log = Path.Combine(prefix, "logs", "error.log");
                var why = await process.StandardError.ReadToEndAsync() + (File.Exists(log) ? await File.ReadAllTextAsync(log) : "");
                throw new InvalidOperationException($"nginx exited with code {process.ExitCode}: {why.Trim()}");
            }
            try
            {
                using var response = await http.GetAsync(FileUri);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.OK && bytes.Length == length)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("nginx did not serve the static file within 10 s");
    }

    public void Dispose() => Children.Stop(process, prefix);
}
