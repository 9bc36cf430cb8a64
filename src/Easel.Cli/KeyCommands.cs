using System.CommandLine;
using Easel.Client;

namespace Easel.Cli;

/// <summary><c>keys list|create|revoke|limits</c> and <c>webhooks secret|deliveries|redeliver</c>.</summary>
internal static class KeyCommands
{
    public static IEnumerable<Command> Create(Connection connection)
    {
        yield return new Command("keys", "Manage the account's API keys (owner keys only)")
        {
            List(connection), New(connection), Revoke(connection), Limits(connection),
        };
        yield return new Command("webhooks", "The webhook signing secret and deliveries")
        {
            Secret(connection), Deliveries(connection), Redeliver(connection),
        };
    }

    private static Command List(Connection connection)
    {
        var command = new Command("list", "List the account's keys (their secrets are never shown again)");
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            return PrintKeys(connection, parsed, await easel.Keys.ListAsync(ct).ToListAsync(ct));
        });
        return command;
    }

    private static Command New(Connection connection)
    {
        var key = new NewKeyOptions(defaultRole: "member");
        var command = new Command("create", "Create a key; its secret is printed once");
        key.AddTo(command);
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            return PrintKey(connection, parsed, await easel.Keys.CreateAsync(key.Read(parsed), ct));
        });
        return command;
    }

    private static Command Revoke(Connection connection)
    {
        var id = new Argument<string>("id") { Description = "the key's id" };
        var command = new Command("revoke", "Revoke a key; it stops working at once") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            return PrintKey(connection, parsed, await easel.Keys.RevokeAsync(parsed.GetRequiredValue(id), ct));
        });
        return command;
    }

    private static Command Limits(Connection connection)
    {
        var id = new Argument<string>("id") { Description = "the key's id" };
        var limits = new LimitOptions();
        var command = new Command("limits", "Set a key's limits (0 clears one)") { id };
        limits.AddTo(command);
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            return PrintKey(connection, parsed, await easel.Keys.SetLimitsAsync(parsed.GetRequiredValue(id), limits.Read(parsed), ct));
        });
        return command;
    }

    private static Command Secret(Connection connection)
    {
        var rotate = new Option<bool>("--rotate") { Description = "make a new secret; the old one stays valid for a while" };
        var command = new Command("secret", "Show (or rotate) the secret that signs your webhooks") { rotate };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var secret = parsed.GetValue(rotate) ? await easel.Webhooks.RotateSecretAsync(ct) : await easel.Webhooks.GetSecretAsync(ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(secret, CliJson.Default.WebhookSecret);
            }
            Output.Fields(("secret", secret.Secret), ("previous valid until", Output.Time(secret.PreviousSecretValidUntil)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Deliveries(Connection connection)
    {
        var limit = new Option<int>("--limit") { Description = "at most this many, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("deliveries", "List webhook deliveries and their state") { limit };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var count = Math.Max(1, parsed.GetValue(limit));
            var deliveries = await easel.Webhooks.ListDeliveriesAsync(Math.Min(count, 100), ct).Take(count).ToListAsync(ct);
            return Output.Print(connection.WantsJson(parsed), deliveries, CliJson.Default.ListWebhookDelivery, () =>
                Output.Table(["webhook", "task", "state", "attempts", "created"], deliveries.Select(d => new[]
                {
                    d.WebhookId, d.TaskId, d.State, Output.Number(d.Attempts), Output.Time(d.CreatedAt),
                })));
        });
        return command;
    }

    private static Command Redeliver(Connection connection)
    {
        var id = new Argument<string>("task") { Description = "the task whose webhook to send again" };
        var command = new Command("redeliver", "Send a task's webhook again") { id };
        command.SetGuardedAction(async (parsed, ct) =>
        {
            using var easel = connection.CreateClient(parsed);
            var delivery = await easel.Webhooks.RedeliverAsync(parsed.GetRequiredValue(id), ct);
            if (connection.WantsJson(parsed))
            {
                return Output.Json(delivery, CliJson.Default.WebhookDelivery);
            }
            Output.Fields(("webhook", delivery.WebhookId), ("task", delivery.TaskId), ("state", delivery.State), ("url", delivery.Url));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static int PrintKeys(Connection connection, ParseResult parsed, List<ApiKey> keys) =>
        Output.Print(connection.WantsJson(parsed), keys, CliJson.Default.ListApiKey, () =>
            Output.Table(["id", "name", "prefix", "role", "mode", "per minute", "concurrent", "daily limit", "revoked"], keys.Select(k => new[]
            {
                k.Id, k.Name, k.Prefix, k.Role.ToString().ToLowerInvariant(), k.Mode.ToString().ToLowerInvariant(),
                Output.Number(k.RequestsPerMinute), Output.Number(k.MaxConcurrentTasks), Output.Number(k.DailySpendLimit), Output.Time(k.RevokedAt),
            })));

    internal static int PrintKey(Connection connection, ParseResult parsed, ApiKey key)
    {
        if (connection.WantsJson(parsed))
        {
            return Output.Json(key, CliJson.Default.ApiKey);
        }
        Output.Fields(
            ("id", key.Id), ("name", key.Name), ("role", key.Role.ToString().ToLowerInvariant()), ("mode", key.Mode.ToString().ToLowerInvariant()),
            ("per minute", Output.Number(key.RequestsPerMinute)), ("concurrent", Output.Number(key.MaxConcurrentTasks)), ("daily limit", Output.Number(key.DailySpendLimit)),
            ("revoked", Output.Time(key.RevokedAt)),
            ("secret", key.Secret is null ? null : $"{key.Secret}  (shown once; keep it now)"));
        return ExitCodes.Ok;
    }

    /// <summary>What a new key is: its name, role, mode and limits (<c>keys create</c>, <c>admin keys create</c>).</summary>
    internal sealed class NewKeyOptions(string defaultRole)
    {
        private readonly Option<string> _name = new("--name") { Description = "what the key is for", Required = true };
        private readonly Option<ApiKeyRole?> _role = new("--role") { Description = $"member or owner ({defaultRole} by default)" };
        private readonly Option<ApiKeyMode> _mode = new("--mode") { Description = "live (default) or test (the free sandbox)" };
        private readonly LimitOptions _limits = new();

        public void AddTo(Command command)
        {
            command.Add(_name);
            command.Add(_role);
            command.Add(_mode);
            _limits.AddTo(command);
        }

        public NewApiKey Read(ParseResult parsed)
        {
            var limits = _limits.Read(parsed);
            return new NewApiKey
            {
                Name = parsed.GetRequiredValue(_name),
                Role = parsed.GetValue(_role) ?? Enum.Parse<ApiKeyRole>(defaultRole, ignoreCase: true),
                Mode = parsed.GetValue(_mode),
                RequestsPerMinute = limits.RequestsPerMinute,
                MaxConcurrentTasks = limits.MaxConcurrentTasks,
                DailySpendLimit = limits.DailySpendLimit,
            };
        }
    }

    /// <summary>The limit options <c>keys create</c> and <c>keys limits</c> share.</summary>
    internal sealed class LimitOptions
    {
        private readonly Option<int?> _perMinute = new("--rpm") { Description = "requests per minute" };
        private readonly Option<int?> _concurrent = new("--max-concurrent") { Description = "tasks queued or running at once" };
        private readonly Option<long?> _daily = new("--daily-limit") { Description = "credits a day" };

        public void AddTo(Command command)
        {
            command.Add(_perMinute);
            command.Add(_concurrent);
            command.Add(_daily);
        }

        public ApiKeyLimits Read(ParseResult parsed) => new()
        {
            RequestsPerMinute = parsed.GetValue(_perMinute),
            MaxConcurrentTasks = parsed.GetValue(_concurrent),
            DailySpendLimit = parsed.GetValue(_daily),
        };
    }
}
