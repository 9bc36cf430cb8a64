using System.Globalization;

namespace Easel.Bench;

/// <summary>Command-line settings: <c>--seconds N --connections C --tasks T --warmup S --no-build --upstream --cluster</c>.</summary>
public sealed record BenchOptions(int Seconds, int Connections, int Tasks, int WarmupSeconds, int DrainTimeoutSeconds, bool Build, bool Upstream = false, bool Cluster = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(Seconds: 10, Connections: 64, Tasks: 2000, WarmupSeconds: 2, DrainTimeoutSeconds: 600, Build: true);
        for (var i = 0; i < args.Length; i++)
        {
            o = args[i] switch
            {
                "--seconds" => o with { Seconds = Int(args, ++i, 1, 600) },
                "--connections" => o with { Connections = Int(args, ++i, 1, 1024) },
                "--tasks" => o with { Tasks = Int(args, ++i, 1, 100_000) },
                "--warmup" => o with { WarmupSeconds = Int(args, ++i, 0, 60) },
                "--drain-timeout" => o with { DrainTimeoutSeconds = Int(args, ++i, 10, 3600) },
                "--no-build" => o with { Build = false },
                "--upstream" => o with { Upstream = true },
                "--cluster" => o with { Cluster = true },
                _ => throw new ArgumentException(
                    $"unknown argument '{args[i]}'; known: --seconds N --connections C --tasks T --warmup S --drain-timeout S --no-build --upstream --cluster"),
            };
        }
        return o;
    }

    private static int Int(string[] args, int i, int min, int max)
    {
        if (i >= args.Length || !int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"{args[i - 1]} needs an integer from {min} to {max}");
        }
        return value;
    }
}
