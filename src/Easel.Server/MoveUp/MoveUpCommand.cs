using System.CommandLine;
using Easel.Engine;

namespace Easel.Server.MoveUp;

/// <summary>
/// <c>Easel.Server move-up --from DATADIR</c>: copies an embedded install into the PostgreSQL database and blob store
/// that the usual settings name (<c>Easel__Store__*</c>, <c>Easel__Blobs__*</c>, from the environment, appsettings.json
/// or <c>--Easel:Section:Key=value</c> arguments), exactly as a cluster node reads them.
/// </summary>
public static class MoveUpCommand
{
    public const string Name = "move-up";

    public static bool IsInvoked(string[] args) => args is [Name, ..];

    public static Task<int> RunAsync(string[] args)
    {
        var from = new Option<DirectoryInfo>("--from")
        {
            Description = "the data folder (Easel__DataDir) of the embedded install; its node must be stopped",
            Required = true,
        };
        var command = new Command(Name, "Copy an embedded install (SQLite and files) into the PostgreSQL database and blob store the settings name")
        {
            from,
        };
        // Anything else is configuration, as for a node: --Easel:Store:ConnectionString=...
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, ct) => MoveAsync(parsed.GetRequiredValue(from), parsed.UnmatchedTokens, ct));
        var root = new RootCommand("Easel") { command };
        return root.Parse(args).InvokeAsync();
    }

    private static async Task<int> MoveAsync(DirectoryInfo from, IReadOnlyList<string> settings, CancellationToken ct)
    {
        if (settings.FirstOrDefault(s => !IsSetting(s)) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"Easel cannot move up: '{unknown}' is neither --from nor a setting of the form --Easel:Section:Key=value");
            return 1;
        }
        var configuration = WebApplication.CreateBuilder([.. settings]).Configuration;
        var options = configuration.GetSection(EaselOptions.Section).Get<EaselOptions>() ?? new EaselOptions();
        try
        {
            var report = await InstallMove.RunAsync(from.FullName, options, TimeProvider.System, ct);
            Print(report, Console.Out);
            return 0;
        }
        catch (MoveUpRefusedException e)
        {
            await Console.Error.WriteLineAsync($"Easel cannot move up: {e.Message}. Nothing was committed.");
            return 1;
        }
    }

    public static bool IsSetting(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal) && token.IndexOf(':', StringComparison.Ordinal) is > 2;

    private static void Print(MoveUpReport report, TextWriter output)
    {
        output.WriteLine($"Moved the embedded install in {report.Source} (schema version {report.SchemaVersion})");
        output.WriteLine($"  into the {report.Target}");
        output.WriteLine($"  and the {report.BlobTarget}.");
        output.WriteLine("Rows copied:");
        foreach (var (table, rows) in report.Rows)
        {
            output.WriteLine($"  {table,-22} {rows,10}");
        }
        output.WriteLine(report.Blobs is { } blobs
            ? $"Files copied: {blobs.Objects} objects, {blobs.Bytes} bytes" + (blobs.Missing > 0 ? $" ({blobs.Missing} live files had no bytes left on disk)" : "")
            : "Files copied: none (the target's files folder is the install's own)");
        output.WriteLine("Start the cluster's nodes on these same settings; keep the old node stopped.");
    }
}
