using System.CommandLine;
using Easel.Engine;
using Easel.Server.MoveUp;
using Easel.Server.Operations;

namespace Easel.Server.Backup;

/// <summary>
/// <c>Easel.Server backup --to DIR</c>: a consistent copy of the data folder the usual settings name (<c>Easel__DataDir</c>,
/// appsettings.json or <c>--Easel:DataDir=...</c>), taken while Easel runs. Restoring is starting Easel with
/// <c>Easel__DataDir</c> at the copy.
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static bool IsInvoked(string[] args) => args is [Name, ..];

    public static Task<int> RunAsync(string[] args)
    {
        var to = new Option<DirectoryInfo>("--to")
        {
            Description = "a new (or empty) folder for the copy; start Easel with Easel__DataDir there to restore it",
            Required = true,
        };
        var command = new Command(Name, "Copy the data folder (SQLite database and files) consistently, while Easel runs") { to };
        // Anything else is configuration, as for a node: --Easel:DataDir=...
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parsed, ct) => BackUpAsync(parsed.GetRequiredValue(to), parsed.UnmatchedTokens, ct));
        return new RootCommand("Easel") { command }.Parse(args).InvokeAsync();
    }

    private static async Task<int> BackUpAsync(DirectoryInfo to, IReadOnlyList<string> settings, CancellationToken ct)
    {
        if (settings.FirstOrDefault(s => !MoveUpCommand.IsSetting(s)) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"Easel cannot back up: '{unknown}' is neither --to nor a setting of the form --Easel:Section:Key=value");
            return 1;
        }
        try
        {
            var options = SettingsReader.Read<EaselOptions>(WebApplication.CreateBuilder([.. settings]).Configuration.GetSection(EaselOptions.Section));
            var report = await DataFolderBackup.RunAsync(options, to.FullName, TimeProvider.System, ct);
            Console.WriteLine($"Backed up {report.Source} into {report.Target}");
            Console.WriteLine($"  database: {report.DatabaseBytes} bytes");
            Console.WriteLine(report.Files is { } files
                ? $"  files: {files.Objects} objects, {files.Bytes} bytes" + (files.Missing > 0 ? $" ({files.Missing} live files had no bytes left on disk)" : "")
                : $"  files: not copied, they live in the {report.FilesElsewhere}; back the bucket up with its own tools");
            Console.WriteLine("Restore: start Easel with Easel__DataDir set to that folder (or copy it into place while Easel is stopped).");
            return 0;
        }
        catch (Exception e) when (e is MoveUpRefusedException or StartupException)
        {
            await Console.Error.WriteLineAsync($"Easel cannot back up: {e.Message}");
            return 1;
        }
    }
}
