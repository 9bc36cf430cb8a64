using System.CommandLine;
using Easel.Client;

namespace Easel.Cli;

/// <summary><c>admin accounts|keys|tasks|channels|queue</c>: the operator's commands, with the admin key.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> Create(Connection connection)
    {
        yield return new Command("admin", "The operator's commands (the admin key: --key, EASEL_ADMIN_KEY or easel login --admin)")
        {
            new Command("accounts", "Accounts and their credits") { ListAccounts(connection), CreateAccount(connection), ShowAccount(connection), Grant(connection) },
            new Command("keys", "Any account's keys") { ListKeys(connection), CreateKey(connection), RevokeKey(connection) },
            Tasks(connection),
            Channels(connection),
            Queue(connection),
        };
    }

    private static Command ListAccounts(Connection connection)
    {
        var limit = LimitOption();
        var command = new Command("list", "List the accounts, oldest first") { limit };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var count = parsed.GetValue(limit);
            var accounts = await admin.ListAccountsAsync(Math.Min(count, 200), ct).Take(count).ToListAsync(ct);
            return Output.Print(connection.WantsJson(parsed), accounts, CliJson.Default.ListAdminAccount, () =>
                Output.Table(["id", "name", "balance", "reserved", "available", "free a day", "created"], accounts.Select(a => new[]
                {
                    a.Id, a.Name, Output.Number(a.Balance), Output.Number(a.Reserved), Output.Number(a.Available), Output.Number(a.FreeImagesPerDay), Output.Time(a.CreatedAt),
                })));
        });
        return command;
    }

    private static Command CreateAccount(Connection connection)
    {
        var name = new Argument<string>("name") { Description = "the account's name" };
        var credits = new Option<long>("--credits") { Description = "credits to grant it at once" };
        var command = new Command("create", "Create an account (then give it a key with easel admin keys create)") { name, credits };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var account = await admin.CreateAccountAsync(parsed.GetRequiredValue(name), ct);
            if (parsed.GetValue(credits) is var amount and not 0)
            {
                account = await admin.GrantCreditsAsync(account.Id, amount, "initial grant", cancellationToken: ct);
            }
            return PrintAccount(connection, parsed, account);
        });
        return command;
    }

    private static Command ShowAccount(Connection connection)
    {
        var id = AccountArgument();
        var command = new Command("show", "Show an account's credits and settings") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            return PrintAccount(connection, parsed, await admin.GetAccountAsync(parsed.GetRequiredValue(id), ct));
        });
        return command;
    }

    private static Command Grant(Connection connection)
    {
        var id = AccountArgument();
        var amount = new Argument<long>("amount") { Description = "credits to add (negative to take away)" };
        var reason = new Option<string?>("--reason") { Description = "kept in the ledger" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "run again with the same key, it grants once" };
        var command = new Command("grant", "Grant credits to an account (or debit them)") { id, amount, reason, idempotencyKey };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var account = await admin.GrantCreditsAsync(
                parsed.GetRequiredValue(id), parsed.GetValue(amount), parsed.GetValue(reason), parsed.GetValue(idempotencyKey), ct);
            return PrintAccount(connection, parsed, account);
        });
        return command;
    }

    private static Command ListKeys(Connection connection)
    {
        var id = AccountArgument();
        var command = new Command("list", "List an account's keys") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            return KeyCommands.PrintKeys(connection, parsed, await admin.ListKeysAsync(parsed.GetRequiredValue(id), ct).ToListAsync(ct));
        });
        return command;
    }

    private static Command CreateKey(Connection connection)
    {
        var id = AccountArgument();
        var key = new KeyCommands.NewKeyOptions(defaultRole: "owner");
        var command = new Command("create", "Create a key for an account; its secret is printed once") { id };
        key.AddTo(command);
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            return KeyCommands.PrintKey(connection, parsed, await admin.CreateKeyAsync(parsed.GetRequiredValue(id), key.Read(parsed), ct));
        });
        return command;
    }

    private static Command RevokeKey(Connection connection)
    {
        var id = new Argument<string>("key") { Description = "the key's id" };
        var command = new Command("revoke", "Revoke any key; it stops working at once") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            return KeyCommands.PrintKey(connection, parsed, await admin.RevokeKeyAsync(parsed.GetRequiredValue(id), ct));
        });
        return command;
    }

    private static Command Tasks(Connection connection)
    {
        var account = new Option<string?>("--account") { Description = "only this account's tasks" };
        var status = new Option<ImageTaskState?>("--status") { Description = "queued, running, succeeded, failed or canceled" };
        var limit = LimitOption();
        var command = new Command("tasks", "Tasks of every account, newest first") { account, status, limit };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var count = parsed.GetValue(limit);
            var tasks = await admin.ListTasksAsync(parsed.GetValue(account), parsed.GetValue(status), Math.Min(count, 200), ct).Take(count).ToListAsync(ct);
            return Output.Print(connection.WantsJson(parsed), tasks, CliJson.Default.ListAdminTask, () =>
                Output.Table(["task", "account", "dialect", "state", "credits", "files", "created", "error"], tasks.Select(t => new[]
                {
                    t.Id, t.AccountId, t.Dialect, t.State.ToString().ToLowerInvariant(), Output.Number(t.Captured ?? t.Reserved), Output.Number(t.FileCount),
                    Output.Time(t.CreatedAt), t.ErrorMessage,
                })));
        });
        return command;
    }

    private static Command Channels(Connection connection)
    {
        var command = new Command("channels", "The upstream channels and their health across the cluster");
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var channels = await admin.ListChannelsAsync(ct);
            return Output.Print(connection.WantsJson(parsed), channels, CliJson.Default.IReadOnlyListChannelHealth, () =>
                Output.Table(["channel", "type", "models", "breaker", "failures", "in flight", "priority", "weight", "open until"], channels.Select(c => new[]
                {
                    c.Name, c.Type, string.Join(' ', c.Models), c.Breaker, Output.Number(c.ConsecutiveFailures), Output.Number(c.InFlight), Output.Number(c.Priority),
                    Output.Number(c.Weight), Output.Time(c.OpenUntil),
                })));
        });
        return command;
    }

    private static Command Queue(Connection connection)
    {
        var command = new Command("queue", "Tasks queued and running now, and those ended in the last hour");
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var admin = connection.CreateAdminClient(parsed);
            var queue = await admin.GetQueueAsync(ct);
            return Output.Print(connection.WantsJson(parsed), queue, CliJson.Default.QueueStatus, () => Output.Fields(
                ("queued", Output.Number(queue.Queued)), ("running", Output.Number(queue.Running)),
                ("last hour", $"{queue.LastHour.Succeeded} succeeded, {queue.LastHour.Failed} failed, {queue.LastHour.Canceled} canceled")));
        });
        return command;
    }

    private static int PrintAccount(Connection connection, ParseResult parsed, AdminAccount account) =>
        Output.Print(connection.WantsJson(parsed), account, CliJson.Default.AdminAccount, () => Output.Fields(
            ("account", account.Id), ("name", account.Name), ("balance", Output.Number(account.Balance)), ("reserved", Output.Number(account.Reserved)),
            ("available", Output.Number(account.Available)), ("free images a day", Output.Number(account.FreeImagesPerDay)),
            ("free images left today", Output.Number(account.FreeImagesLeftToday)),
            ("requests per minute", Output.Number(account.RequestsPerMinute)),
            ("concurrent tasks", Output.Number(account.MaxConcurrentTasks)),
            ("created", Output.Time(account.CreatedAt))));

    private static Argument<string> AccountArgument() => new("account") { Description = "the account's id (acct_…)" };

    private static Option<int> LimitOption()
    {
        var limit = new Option<int>("--limit") { Description = "at most this many", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        return limit;
    }
}
