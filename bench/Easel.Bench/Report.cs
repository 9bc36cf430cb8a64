using System.Globalization;
using System.Text;

namespace Easel.Bench;

/// <summary>Collects the rows and notes and prints them as one table at the end.</summary>
public sealed class Report(BenchOptions options)
{
    /// <summary>Runs the measurements and prints the report, also when one fails; the child processes are stopped either way.</summary>
    public async Task<int> RunAsync(string machine, Func<Task> measure)
    {
        try
        {
            await measure();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or FormatException or IOException)
        {
            Console.Error.WriteLine($"bench failed: {e.Message}");
            Console.Write(Render(machine));
            return 1;
        }
        finally
        {
            Children.DisposeAll();
        }
        Console.Write(Render(machine));
        return Valid ? 0 : 3;
    }

    private readonly List<string> lines = [];

    public bool Valid { get; private set; } = true;

    public static string Header =>
        $"{"measurement",-34} {"client",-16} {"conns",5} {"secs",6} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7}";

    public void Add(string what, LoadResult r, int connections)
    {
        Valid &= r.Errors == 0;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"{what,-34} {r.Client,-16} {connections,5} {r.Seconds,6:0.0} {r.PerSecond,10:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Errors,7}");
        lines.Add(row);
        Console.Error.WriteLine($"  {row}");
        if (r.FirstError is not null)
        {
            Note($"    first error: {r.FirstError}");
        }
    }

    public void AddRatio(string client, LoadResult nginx, LoadResult easel) =>
        Note(string.Create(CultureInfo.InvariantCulture,
            $"  ratio nginx/Easel req/s ({client}, same run): {nginx.PerSecond / easel.PerSecond:0.00}x"
            + $"{(nginx.PerSecond / easel.PerSecond > 5 ? "  <-- Easel is more than 5x slower than nginx here" : "")}"));

    public void AddDrain(DrainResult r, string label = "drain end to end (tasks/s)", string? source = null)
    {
        Valid &= r.SubmitErrors == 0 && r.Failed == 0 && r.Unfinished == 0;
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} {"submit+poll",-16} {16,5} {r.DrainSeconds,6:0.0} {r.PerSecond,10:0.0} {r.P50Ms,8:0} {r.P99Ms,8:0} {r.SubmitErrors + r.Failed + r.Unfinished,7}"));
        lines.Add(DrainBench.Describe(r).TrimEnd());
        if (source is not null)
        {
            lines.Add("  images from " + source);
        }
    }

    public void Note(string line)
    {
        lines.Add(line);
        Console.Error.WriteLine(line);
    }

    public string Render(string machine)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(machine);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"each load row: {options.WarmupSeconds} s warm-up (discarded), then {options.Seconds} s closed loop; one machine, one run"));
        text.AppendLine(Header);
        text.AppendLine(new string('-', Header.Length));
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }
        text.AppendLine(Valid ? "run valid: 0 errors" : "RUN NOT VALID: some requests failed (see errors above)");
        return text.ToString();
    }
}
