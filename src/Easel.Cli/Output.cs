using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Easel.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Easel.Cli;

/// <summary>How results are printed: JSON for <c>--json</c>, else Spectre tables (plain text when stdout is not a terminal).</summary>
internal static class Output
{
    public static int Json<T>(T value, JsonTypeInfo<T> type)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, type));
        return ExitCodes.Ok;
    }

    /// <summary>JSON for <c>--json</c>, else what <paramref name="text"/> prints.</summary>
    public static int Print<T>(bool json, T value, JsonTypeInfo<T> type, Action text)
    {
        if (json)
        {
            return Json(value, type);
        }
        text();
        return ExitCodes.Ok;
    }

    public static void Fields(params (string Name, string? Value)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value!));
        }
        AnsiConsole.Write(grid);
    }

    public static void Table(string[] headers, IEnumerable<string?[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(header);
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? "")));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>A number as scripts read it, whatever the machine's culture.</summary>
    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string? Number(long? value) => value is { } set ? Number(set) : null;

    /// <summary>A time as <c>2026-12-04 13:26:38Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("u", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? at) => at is { } set ? Time(set) : null;

    public static string StateName(ImageTaskStatus status) => status.State.ToString().ToLowerInvariant();

    public static void Task(ImageTaskStatus status)
    {
        var task = status as ImageTask;
        Fields(
            ("task", status.TaskId),
            ("state", StateName(status)),
            ("progress", $"{status.Progress}%"),
            ("prompt", task?.Request?.Prompt),
            ("model", task?.Model),
            ("created", Time(status.CreatedAt)),
            ("error", status.ErrorMessage),
            ("credits", task is null ? null : $"{task.Credits.Captured ?? task.Credits.Reserved} ({(task.Credits.Captured is null ? "reserved" : "spent")})"),
            ("test", status.IsTest ? "yes (sandbox, free)" : null));
        foreach (var file in status.Files)
        {
            Fields(("file", $"{file.FileName} {file.Width}x{file.Height}{(file.Expired ? " (expired)" : "")}"));
        }
    }
}
