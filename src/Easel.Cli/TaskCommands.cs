using System.CommandLine;
using Easel.Client;
using Spectre.Console;

namespace Easel.Cli;

/// <summary><c>generate</c>, <c>edit</c>, <c>status</c>, <c>wait</c>, <c>cancel</c>, <c>download</c>, <c>tasks</c>.</summary>
internal static class TaskCommands
{
    public static IEnumerable<Command> Create(Connection connection)
    {
        yield return Generate(connection);
        yield return Edit(connection);
        yield return Status(connection);
        yield return Wait(connection);
        yield return Cancel(connection);
        yield return Download(connection);
        yield return Tasks(connection);
    }

    private static Command Generate(Connection connection)
    {
        var prompt = new Argument<string>("prompt") { Description = "what to draw" };
        var options = new ImageOptions();
        var command = new Command("generate", "Generate images, show their progress, save them and print the credits spent") { prompt };
        options.AddTo(command);
        command.SetGuardedAction((parsed, ct) =>
            RunImagesAsync(connection, parsed, options, new ImageRequest(parsed.GetRequiredValue(prompt)) { }, ct));
        return command;
    }

    private static Command Edit(Connection connection)
    {
        var image = new Argument<FileInfo>("image") { Description = "the picture to edit (PNG, JPEG or WebP)" };
        var prompt = new Argument<string>("prompt") { Description = "what to change" };
        var mask = new Option<FileInfo?>("--mask") { Description = "a PNG whose transparent pixels mark where to edit" };
        var options = new ImageOptions();
        var command = new Command("edit", "Edit a picture (optionally within a mask), save the results and print the credits spent") { image, prompt, mask };
        options.AddTo(command);
        command.SetGuardedAction((parsed, ct) =>
        {
            var source = Existing(parsed.GetRequiredValue(image));
            var maskFile = parsed.GetValue(mask) is { } m ? Existing(m) : null;
            var request = new ImageRequest(parsed.GetRequiredValue(prompt))
            {
                Images = [ImageUpload.FromFile(source.FullName)],
                Mask = maskFile is null ? null : ImageUpload.FromFile(maskFile.FullName),
            };
            return RunImagesAsync(connection, parsed, options, request, ct);
        });
        return command;
    }

    private static async Task<int> RunImagesAsync(Connection connection, ParseResult parsed, ImageOptions options, ImageRequest prompt, CancellationToken ct)
    {
        var request = options.Apply(parsed, prompt);
        var count = parsed.GetValue(options.Count);
        var folder = parsed.GetValue(options.Output)!;
        using var easel = connection.CreateClient(parsed);
        // The native API makes one image per task, so -n N is N tasks run side by side.
        var tasks = await ShowProgressAsync(connection.WantsJson(parsed), count,
            (_, progress) => easel.GenerateAsync(request, progress, ct));
        var files = new List<string>();
        foreach (var task in tasks)
        {
            files.AddRange(await SaveFilesAsync(easel, task, folder, ct));
        }
        var credits = tasks.Sum(t => t.Credits.Captured ?? 0);
        if (connection.WantsJson(parsed))
        {
            return Output.Json(new GenerateResult(tasks, files, credits), CliJson.Default.GenerateResult);
        }
        foreach (var file in files)
        {
            Console.Out.WriteLine(file);
        }
        var free = tasks.Sum(t => t.Credits.FreeImages);
        Console.Out.WriteLine($"Spent {credits} credit{(credits == 1 ? "" : "s")}" + (free > 0 ? $" ({free} free image{(free == 1 ? "" : "s")})" : "") + ".");
        return ExitCodes.Ok;
    }

    private static Command Status(Connection connection)
    {
        var id = TaskId();
        var command = new Command("status", "Show a task: its state, progress, files and credits") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var task = await easel.GetTaskAsync(parsed.GetRequiredValue(id), ct);
            return Print(connection, parsed, task);
        });
        return command;
    }

    private static Command Wait(Connection connection)
    {
        var id = TaskId();
        var command = new Command("wait", "Wait for a task to end, showing its progress; exits 1 if it failed or was canceled") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var taskId = parsed.GetRequiredValue(id);
            var ended = await ShowProgressAsync(connection.WantsJson(parsed), 1, (_, progress) => easel.WaitAsync(taskId, progress, ct));
            var code = Print(connection, parsed, ended[0]);
            if (ended[0].State == ImageTaskState.Succeeded)
            {
                return code;
            }
            await Console.Error.WriteLineAsync($"easel: {ExitCodes.Describe(new EaselTaskFailedException(ended[0])).Message}");
            return ExitCodes.Failure;
        });
        return command;
    }

    private static Command Cancel(Connection connection)
    {
        var id = TaskId();
        var command = new Command("cancel", "Cancel a queued or running task; its reserved credits are released") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var status = await easel.CancelAsync(parsed.GetRequiredValue(id), ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(status, CliJson.Default.ImageTaskStatus);
            }
            Output.Task(status);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Download(Connection connection)
    {
        var id = TaskId();
        var output = OutputFolder();
        var command = new Command("download", "Save a finished task's images") { id, output };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var task = await easel.GetTaskAsync(parsed.GetRequiredValue(id), ct);
            if (task.Files.Count == 0)
            {
                throw new UsageException($"task {task.TaskId} has no files to download (it is {Output.StateName(task)})");
            }
            var files = await SaveFilesAsync(easel, task, parsed.GetValue(output)!, ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(new DownloadResult(task.TaskId, files), CliJson.Default.DownloadResult);
            }
            files.ForEach(Console.Out.WriteLine);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Tasks(Connection connection)
    {
        var status = new Option<ImageTaskState?>("--status") { Description = "only tasks in this state: queued, running, succeeded, failed or canceled" };
        var limit = new Option<int>("--limit") { Description = "at most this many, newest first", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--limit must be at least 1"); } });
        var command = new Command("tasks", "List your tasks, newest first") { status, limit };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var count = parsed.GetValue(limit);
            var tasks = await easel.ListTasksAsync(parsed.GetValue(status), Math.Min(count, 100), ct).Take(count).ToListAsync(ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(tasks, CliJson.Default.ListImageTask);
            }
            Output.Table(["task", "state", "created", "credits", "prompt"], tasks.Select(t => new[]
            {
                t.TaskId, Output.StateName(t), Output.Time(t.CreatedAt),
                Output.Number(t.Credits.Captured ?? t.Credits.Reserved), t.Request?.Prompt,
            }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Print(Connection connection, ParseResult parsed, ImageTask task)
    {
        if (connection.WantsJson(parsed))
        {
            return Output.Json(task, CliJson.Default.ImageTask);
        }
        Output.Task(task);
        return ExitCodes.Ok;
    }

    private static Argument<string> TaskId() => new("id") { Description = "the task's id" };

    internal static Option<DirectoryInfo> OutputFolder() => new("--output", "-o")
    {
        Description = "the folder to save the images in (made if missing)",
        DefaultValueFactory = _ => new DirectoryInfo("."),
    };

    private static FileInfo Existing(FileInfo file) => file.Exists ? file : throw new UsageException($"{file.FullName} does not exist");

    /// <summary>Saves each file under the name Easel gave it, so it keeps its real extension.</summary>
    private static async Task<List<string>> SaveFilesAsync(EaselClient easel, ImageTask task, DirectoryInfo folder, CancellationToken ct)
    {
        folder.Create();
        var saved = new List<string>();
        foreach (var file in task.Files.Where(f => !f.Expired))
        {
            saved.Add(await easel.DownloadToFileAsync(file, Path.Combine(folder.FullName, file.FileName), ct));
        }
        return saved;
    }

    /// <summary>Runs <paramref name="count"/> waits side by side, with a live bar each while stdout is a terminal.</summary>
    private static async Task<ImageTask[]> ShowProgressAsync(bool json, int count, Func<int, IProgress<ImageTaskStatus>?, Task<ImageTask>> run)
    {
        if (json || Console.IsOutputRedirected)
        {
            return await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, count).Select(i => run(i, null)));
        }
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var runs = Enumerable.Range(0, count).Select(async i =>
                {
                    var bar = context.AddTask(Markup.Escape($"image {i + 1}: submitting"), maxValue: 100);
                    var task = await run(i, new Reporter(status =>
                    {
                        bar.Description = Markup.Escape($"{status.TaskId}: {Output.StateName(status)}");
                        bar.Value = status.Progress;
                    }));
                    bar.Description = Markup.Escape($"{task.TaskId}: {Output.StateName(task)}");
                    bar.Value = 100;
                    return task;
                }).ToList();
                return await System.Threading.Tasks.Task.WhenAll(runs);
            });
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so a bar never shows an older state after a newer one.</summary>
    private sealed class Reporter(Action<ImageTaskStatus> report) : IProgress<ImageTaskStatus>
    {
        public void Report(ImageTaskStatus value) => report(value);
    }
}
