using System.CommandLine;
using Spectre.Console;

namespace Easel.Cli;

/// <summary>The <c>easel</c> command tree; a parse error exits 2, anything Easel refuses exits with its own code (see <see cref="ExitCodes"/>).</summary>
public static class EaselCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // A pipe has no width: tables are drawn whole on one line per row, never wrapped at 80 columns.
            AnsiConsole.Profile.Width = 4096;
        }
        var connection = new Connection();
        var root = new RootCommand($"easel: generate and edit images on an Easel server, follow tasks, read credits and usage.\n{ExitCodes.Help}");
        connection.AddTo(root);
        foreach (var command in TaskCommands.Create(connection).Concat(AccountCommands.Create(connection)).Concat(KeyCommands.Create(connection)).Concat(AdminCommands.Create(connection)))
        {
            root.Add(command);
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"easel: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run easel --help for the commands and their options.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync();
    }

    /// <summary>Runs a command's action so that every error ends as one plain line on stderr and its exit code, never a stack trace.</summary>
    internal static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parsed, ct) =>
        {
            try
            {
                return await action(parsed, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("easel: interrupted");
                return ExitCodes.Failure;
            }
            catch (Exception error)
            {
                var (code, message) = ExitCodes.Describe(error);
                await Console.Error.WriteLineAsync($"easel: {OneLine(message)}");
                return code;
            }
        });

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
