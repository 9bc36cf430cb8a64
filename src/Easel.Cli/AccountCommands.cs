using System.CommandLine;
using Easel.Client;
using Spectre.Console;

namespace Easel.Cli;

/// <summary><c>login</c>, <c>account</c>, <c>usage</c>.</summary>
internal static class AccountCommands
{
    public static IEnumerable<Command> Create(Connection connection)
    {
        yield return Login(connection);
        yield return Account(connection);
        yield return Usage(connection);
    }

    private static Command Login(Connection connection)
    {
        var admin = new Option<bool>("--admin") { Description = "store the operator's admin key, for easel admin" };
        var command = new Command("login", $"Check a key against the server and store both in {CliConfig.FilePath} (readable by you alone)") { admin };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            var stored = CliConfig.Load();
            var url = connection.ResolveUrl(parsed, stored);
            var isAdmin = parsed.GetValue(admin);
            var variable = isAdmin ? "EASEL_ADMIN_KEY" : "EASEL_KEY";
            var key = parsed.GetValue(connection.Key) ?? Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(key))
            {
                key = Console.IsInputRedirected
                    ? (await Console.In.ReadLineAsync(ct))?.Trim()
                    : await AnsiConsole.PromptAsync(new TextPrompt<string>(isAdmin ? "Admin key:" : "API key:").Secret(), ct);
            }
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new UsageException($"no key given: pass --key, set {variable} or type it when asked");
            }
            string who;
            if (isAdmin)
            {
                using var operatorClient = new EaselAdminClient(url, key);
                var queue = await operatorClient.GetQueueAsync(ct);
                who = $"the operator ({queue.Queued} tasks queued, {queue.Running} running)";
            }
            else
            {
                using var easel = new EaselClient(url, key);
                var account = await easel.Account.GetBalanceAsync(ct);
                who = $"account {account.AccountId} ({account.Available} credits available)";
            }
            var config = isAdmin ? stored with { Url = url.ToString(), AdminKey = key } : stored with { Url = url.ToString(), Key = key };
            Console.Out.WriteLine($"Logged in to {url} as {who}; saved to {config.Save()}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Account(Connection connection)
    {
        var command = new Command("account", "Show the account's credits: balance, reserved, available, free images left today");
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var account = await easel.Account.GetBalanceAsync(ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(account, CliJson.Default.AccountBalance);
            }
            Output.Fields(
                ("account", account.AccountId),
                ("balance", Output.Number(account.Balance)),
                ("reserved", Output.Number(account.Reserved)),
                ("available", Output.Number(account.Available)),
                ("free images left today", Output.Number(account.FreeImagesLeftToday)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Usage(Connection connection)
    {
        var days = new Option<int>("--days") { Description = "how many days back, 1 to 366", DefaultValueFactory = _ => 30 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 366)
            {
                r.AddError("--days must be between 1 and 366");
            }
        });
        var command = new Command("usage", "Credits spent and images made per day, oldest first") { days };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var usage = await easel.Account.GetUsageAsync(parsed.GetValue(days), ct);
            return Output.Print(connection.WantsJson(parsed), usage, CliJson.Default.IReadOnlyListUsageDay, () =>
            {
                Output.Table(["date", "credits", "images"], usage.Select(d => new[] { d.Date, Output.Number(d.Credits), Output.Number(d.Images) }));
                Console.Out.WriteLine($"Total: {Output.Number(usage.Sum(d => d.Credits))} credits, {Output.Number(usage.Sum(d => d.Images))} images.");
            });
        });
        return command;
    }
}
