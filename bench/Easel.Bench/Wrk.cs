using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Easel.Bench;

/// <summary>wrk (when installed) as a second, much lighter load client: <c>wrk -t2 -cC -dNs --latency</c>, output parsed.</summary>
public static partial class Wrk
{
    public const string ClientName = "wrk";

    public static string? FindBinary() =>
        new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);

    public static async Task<LoadResult> MeasureAsync(string binary, Uri uri, string? bearer, int connections, TimeSpan warmup, TimeSpan duration)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunAsync(binary, uri, bearer, connections, warmup);
        }
        return Parse(await RunAsync(binary, uri, bearer, connections, duration));
    }

    private static async Task<string> RunAsync(string binary, Uri uri, string? bearer, int connections, TimeSpan duration)
    {
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var args = new List<string>
        {
            "-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency",
        };
        if (bearer is not null)
        {
            args.AddRange(["-H", $"Authorization: Bearer {bearer}"]);
        }
        args.Add(uri.ToString());
        args.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("wrk ran past its time limit");
        }
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {output}");
    }

    public static LoadResult Parse(string output)
    {
        var requests = long.Parse(Match(RequestsLine(), output, "requests in"), CultureInfo.InvariantCulture);
        var seconds = Duration(Match(RequestsLine(), output, "requests in", group: 2));
        var non2xx = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0;
        var errors = non2xx + socket;
        return new LoadResult(ClientName, requests - non2xx, errors, errors > 0 ? $"non-2xx {non2xx}, socket errors {socket}" : null,
            seconds, Duration(Match(P50Line(), output, "50%")) * 1000, Duration(Match(P99Line(), output, "99%")) * 1000);
    }

    private static string Match(Regex regex, string output, string what, int group = 1)
    {
        var m = regex.Match(output);
        return m.Success ? m.Groups[group].Value : throw new FormatException($"no '{what}' line in the wrk output:\n{output}");
    }

    /// <summary>A wrk duration ("812.00us", "1.23ms", "10.00s", "1.00m") in seconds.</summary>
    private static double Duration(string text)
    {
        var m = DurationText().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"not a wrk duration: {text}");
        }
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return value * m.Groups[2].Value switch
        {
            "us" => 1e-6,
            "ms" => 1e-3,
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => throw new FormatException($"unknown wrk unit in {text}"),
        };
    }

    [GeneratedRegex(@"^\s*(\d+) requests in ([\d.]+\w+),", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^\s*50%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex P50Line();

    [GeneratedRegex(@"^\s*99%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex P99Line();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s*(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m|h)$")]
    private static partial Regex DurationText();
}
