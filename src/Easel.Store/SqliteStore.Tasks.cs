using System.Data.Common;
using System.Text;
using Dapper;
using Easel.Core;

namespace Easel.Store;

public sealed partial class SqliteStore
{
    private const string TaskColumns =
        "id, account_id, key_id, dialect, model, state, test, reserved, free_images, captured, progress, error_code, error_message, files_json, attempts, lease_owner, file_base, resolved_quality, created_at, started_at, finished_at";

    public Task<SubmitOutcome> SubmitTaskAsync(NewTask task, (string Scope, string Key)? idempotency, CancellationToken ct) =>
        WriteAsync<SubmitOutcome>(async (c, tx) =>
        {
            var accountId = task.Caller.AccountId;
            var limits = task.Caller.Limits;
            if (limits.MaxConcurrentTasks is { } most && await c.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM tasks WHERE key_id = @keyId AND state IN ('queued', 'running')",
                new { keyId = task.Caller.KeyId }, tx, cancellationToken: ct)) >= most)
            {
                return new SubmitOutcome.TooManyUnfinished(most);
            }
            var free = task.PricePerImage > 0 ? await TakeFreeImagesAsync(c, tx, accountId, task.Request.ImageCount, ct) : 0;
            var reservation = checked(task.PricePerImage * (task.Request.ImageCount - free));
            if (reservation > 0 && limits.DailySpendLimit is { } cap)
            {
                var spent = await c.QuerySingleAsync<long>(new CommandDefinition(
                    """
                    SELECT COALESCE(SUM(CASE WHEN state = 'succeeded' THEN captured WHEN state IN ('queued', 'running') THEN reserved ELSE 0 END), 0)
                    FROM tasks WHERE key_id = @keyId AND created_at >= @dayStart
                    """, new { keyId = task.Caller.KeyId, dayStart = Today * DayMs }, tx, cancellationToken: ct));
                if (spent + reservation > cap)
                {
                    return new SubmitOutcome.DailySpendReached(cap, spent, reservation);
                }
            }
            if (reservation > 0)
            {
                var available = await c.QuerySingleAsync<long>(new CommandDefinition(
                    "SELECT balance - reserved FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct));
                if (available < reservation)
                {
                    return new SubmitOutcome.InsufficientCredits(available, reservation);
                }
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE accounts SET reserved = reserved + @reservation WHERE id = @accountId", new { accountId, reservation }, tx, cancellationToken: ct));
                await AppendLedgerAsync(c, tx, accountId, task.Id, LedgerKinds.Reserve, reservation, null, ct);
            }
            var now = Now;
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO tasks (id, account_id, key_id, dialect, model, state, test, request_json, reserved, free_images, progress, callback_url, file_base, attempts, created_at)
                VALUES (@Id, @accountId, @keyId, @Dialect, @model, 'queued', @test, @json, @reservation, @free, 0, @callback, @FileBase, 0, @now)
                """,
                new
                {
                    task.Id,
                    accountId,
                    keyId = task.Caller.KeyId,
                    task.Dialect,
                    model = task.Request.Model.ToWire(),
                    test = task.Caller.IsTest ? 1 : 0,
                    json = RequestJsonCodec.Serialize(task.Request),
                    reservation,
                    free,
                    callback = task.Request.CallbackUrl,
                    task.FileBase,
                    now,
                }, tx, cancellationToken: ct));
            if (idempotency is { } idem)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE idempotency SET task_id = @taskId WHERE scope = @Scope AND key = @Key", new { taskId = task.Id, idem.Scope, idem.Key }, tx, cancellationToken: ct));
            }
            var created = await c.QuerySingleAsync<TaskRow>(new CommandDefinition($"SELECT {TaskColumns} FROM tasks WHERE id = @Id", new { task.Id }, tx, cancellationToken: ct));
            return new SubmitOutcome.Created(created.ToRecord());
        }, ct, outcome => outcome is SubmitOutcome.Created);

    /// <summary>Takes up to <paramref name="wanted"/> of today's free images; the count restarts each UTC day.</summary>
    private async Task<int> TakeFreeImagesAsync(DbConnection c, DbTransaction tx, string accountId, int wanted, CancellationToken ct)
    {
        var today = Today;
        var account = await c.QuerySingleAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct));
        var take = Math.Min(account.FreeLeft(today), wanted);
        if (take > 0)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET free_used = @used, free_day = @today WHERE id = @accountId",
                new { accountId, today, used = account.FreeImagesPerDay - account.FreeLeft(today) + take }, tx, cancellationToken: ct));
        }
        return take;
    }

    public Task<TaskRecord?> GetTaskAsync(string taskId, CancellationToken ct) =>
        ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM tasks WHERE id = @taskId", new { taskId }, cancellationToken: ct)))?.ToRecord(), ct);

    public Task<GenerationRequest?> GetTaskRequestAsync(string taskId, CancellationToken ct) =>
        ReadAsync(async c => await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT request_json FROM tasks WHERE id = @taskId", new { taskId }, cancellationToken: ct)) is { } json
            ? RequestJsonCodec.Deserialize(json)
            : null, ct);

    public Task<Page<TaskRecord>> ListTasksAsync(string? accountId, IReadOnlyCollection<TaskState>? states, int limit, string? cursor, CancellationToken ct) =>
        ReadAsync(async c =>
        {
            var (afterCreated, afterId) = DecodeTaskCursor(cursor);
            var stateWords = states?.Select(s => s.ToWire()).ToArray();
            var sql = new StringBuilder($"SELECT {TaskColumns} FROM tasks WHERE 1 = 1");
            if (accountId is not null)
            {
                sql.Append(" AND account_id = @accountId");
            }
            if (stateWords is not null)
            {
                sql.Append(" AND state IN @stateWords");
            }
            if (afterId is not null)
            {
                sql.Append(" AND (created_at < @afterCreated OR (created_at = @afterCreated AND id < @afterId))");
            }
            sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @take");
            var rows = (await c.QueryAsync<TaskRow>(new CommandDefinition(sql.ToString(),
                new { accountId, stateWords, afterCreated, afterId, take = limit + 1 }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
            return Paged(rows, limit, t => EncodeTaskCursor(t.CreatedAt.ToUnixTimeMilliseconds(), t.Id));
        }, ct);

    public Task<IReadOnlyList<ClaimedTask>> ClaimTasksAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<ClaimedTask>>(async (c, tx) =>
        {
            var now = Now;
            var ids = (await c.QueryAsync<string>(new CommandDefinition(
                """
                SELECT id FROM tasks
                WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < @now)
                ORDER BY created_at LIMIT @max
                """, new { now, max }, tx, cancellationToken: ct))).ToArray();
            if (ids.Length == 0)
            {
                return [];
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE tasks SET state = 'running', lease_owner = @owner, lease_until = @until, attempts = attempts + 1,
                    started_at = COALESCE(started_at, @now)
                WHERE id IN @ids
                """, new { owner, until = leaseUntil.ToUnixTimeMilliseconds(), now, ids }, tx, cancellationToken: ct));
            return (await c.QueryAsync<TaskRow>(new CommandDefinition(
                $"SELECT {TaskColumns}, request_json, upstream_channel, upstream_task_id FROM tasks WHERE id IN @ids ORDER BY created_at", new { ids }, tx, cancellationToken: ct)))
                .Select(r => new ClaimedTask(r.ToRecord(), RequestJsonCodec.Deserialize(r.RequestJson!))
                {
                    Upstream = r.UpstreamChannel is null ? null : new UpstreamMark(r.UpstreamChannel, r.UpstreamTaskId),
                }).ToList();
        }, ct);

    public Task<bool> RenewLeaseAsync(string taskId, string owner, DateTimeOffset leaseUntil, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET lease_until = @until WHERE id = @taskId AND state = 'running' AND lease_owner = @owner",
            new { taskId, owner, until = leaseUntil.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)) == 1, ct);

    public Task<bool> MarkUpstreamAsync(string taskId, string owner, UpstreamMark? mark, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tasks SET upstream_channel = @channel, upstream_task_id = @upstreamTaskId
            WHERE id = @taskId AND state = 'running' AND lease_owner = @owner
            """, new { taskId, owner, channel = mark?.Channel, upstreamTaskId = mark?.UpstreamTaskId }, tx, cancellationToken: ct)) == 1, ct);

    public Task<bool> CompleteTaskAsync(string taskId, string owner, IReadOnlyList<NewFile> files, Quality resolved, long capture, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var task = await c.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                $"SELECT {TaskColumns} FROM tasks WHERE id = @taskId AND state = 'running' AND lease_owner = @owner", new { taskId, owner }, tx, cancellationToken: ct));
            if (task is null)
            {
                return false;
            }
            var now = Now;
            var listed = files.Select(f => new TaskFile(f.Id, f.Format.Extension(), f.Width, f.Height, f.ExpiresAt.ToUnixTimeMilliseconds())).ToList();
            for (var i = 0; i < files.Count; i++)
            {
                var f = files[i];
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO files (id, task_id, account_id, position, content_type, extension, byte_count, width, height, created_at, expires_at)
                    VALUES (@Id, @taskId, @accountId, @i, @type, @ext, @ByteCount, @Width, @Height, @now, @expires)
                    """,
                    new { f.Id, taskId, accountId = task.AccountId, i, type = f.Format.ContentType(), ext = f.Format.Extension(), f.ByteCount, f.Width, f.Height, now, expires = f.ExpiresAt.ToUnixTimeMilliseconds() },
                    tx, cancellationToken: ct));
            }
            var captured = Math.Min(capture, task.Reserved);
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE tasks SET state = 'succeeded', progress = 100, files_json = @files, captured = @captured, resolved_quality = @quality,
                    finished_at = @now, lease_owner = NULL, lease_until = NULL
                WHERE id = @taskId
                """, new { taskId, files = RequestJsonCodec.SerializeFiles(listed), captured, quality = resolved.ToWire(), now }, tx, cancellationToken: ct));
            await SettleAsync(c, tx, task.AccountId, taskId, task.Reserved, captured, ct);
            await QueueWebhookAsync(c, tx, taskId, ct);
            return true;
        }, ct, done => done);

    public Task<bool> FailTaskAsync(string taskId, string? owner, string code, string message, CancellationToken ct) =>
        EndUnpaidAsync(taskId, owner, accountId: null, TaskState.Failed, code, message, ct);

    public async Task<CancelOutcome> CancelTaskAsync(string taskId, string accountId, CancellationToken ct)
    {
        if (await EndUnpaidAsync(taskId, owner: null, accountId, TaskState.Canceled, "canceled", "canceled", ct))
        {
            return CancelOutcome.Canceled;
        }
        var task = await GetTaskAsync(taskId, ct);
        return task is null || task.AccountId != accountId ? CancelOutcome.NotFound : CancelOutcome.AlreadyTerminal;
    }

    /// <summary>Ends a queued or running task without charge: everything it reserved is released.</summary>
    private Task<bool> EndUnpaidAsync(string taskId, string? owner, string? accountId, TaskState end, string code, string message, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var task = await c.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                $"""
                SELECT {TaskColumns} FROM tasks WHERE id = @taskId AND state IN ('queued', 'running')
                    AND (@owner IS NULL OR lease_owner = @owner) AND (@accountId IS NULL OR account_id = @accountId)
                """, new { taskId, owner, accountId }, tx, cancellationToken: ct));
            if (task is null)
            {
                return false;
            }
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE tasks SET state = @state, error_code = @code, error_message = @message, captured = 0, finished_at = @now,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = @taskId
                """, new { taskId, state = end.ToWire(), code, message, now = Now }, tx, cancellationToken: ct));
            await SettleAsync(c, tx, task.AccountId, taskId, task.Reserved, 0, ct);
            if (task.FreeImages > 0)
            {
                // Free images come back only on the day they were taken: yesterday's allowance is gone either way.
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE accounts SET free_used = CASE WHEN free_used > @free THEN free_used - @free ELSE 0 END
                    WHERE id = @accountId AND free_day = @day
                    """, new { accountId = task.AccountId, free = task.FreeImages, day = task.CreatedAt / DayMs }, tx, cancellationToken: ct));
            }
            await QueueWebhookAsync(c, tx, taskId, ct);
            return true;
        }, ct, done => done);

    /// <summary>Turns a task's reservation into a capture of <paramref name="captured"/> and a release of the rest.</summary>
    private async Task SettleAsync(DbConnection c, DbTransaction tx, string accountId, string taskId, long reserved, long captured, CancellationToken ct)
    {
        if (reserved == 0)
        {
            return;
        }
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET balance = balance - @captured, reserved = reserved - @reserved WHERE id = @accountId",
            new { accountId, captured, reserved }, tx, cancellationToken: ct));
        if (captured > 0)
        {
            await AppendLedgerAsync(c, tx, accountId, taskId, LedgerKinds.Capture, captured, null, ct);
        }
        if (reserved > captured)
        {
            await AppendLedgerAsync(c, tx, accountId, taskId, LedgerKinds.Release, reserved - captured, null, ct);
        }
    }

    private static string EncodeTaskCursor(long createdAt, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt}:{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (long? CreatedAt, string? Id) DecodeTaskCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, null);
        }
        var text = TaskCursors.TryDecode(cursor) ?? throw new FormatException("invalid cursor");
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return (long.Parse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture), text[(colon + 1)..]);
    }

    private sealed class TaskRow
    {
        public string Id { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string KeyId { get; init; } = "";
        public string Dialect { get; init; } = "";
        public string Model { get; init; } = "";
        public string State { get; init; } = "";
        public long Test { get; init; }
        public string? RequestJson { get; init; }
        public long Reserved { get; init; }
        public long FreeImages { get; init; }
        public long? Captured { get; init; }
        public long Progress { get; init; }
        public string? ErrorCode { get; init; }
        public string? ErrorMessage { get; init; }
        public string? FilesJson { get; init; }
        public long Attempts { get; init; }
        public string? LeaseOwner { get; init; }
        public string? FileBase { get; init; }
        public string? ResolvedQuality { get; init; }
        public string? UpstreamChannel { get; init; }
        public string? UpstreamTaskId { get; init; }
        public long CreatedAt { get; init; }
        public long? StartedAt { get; init; }
        public long? FinishedAt { get; init; }

        public TaskRecord ToRecord() => new(
            Id, AccountId, KeyId, Dialect, Model == GenerationModels.EditName ? GenerationModel.Edit : GenerationModel.Generate,
            TaskStates.Parse(State), Test != 0, Reserved, Captured, (int)Progress, ErrorCode, ErrorMessage,
            RequestJsonCodec.DeserializeFiles(FilesJson), (int)Attempts, LeaseOwner, Time(CreatedAt), Time(StartedAt), Time(FinishedAt))
        {
            FreeImages = (int)FreeImages,
            FileBase = FileBase,
            ResolvedQuality = Qualities.TryParse(ResolvedQuality, allowAliases: false, out var quality) ? quality : null,
        };
    }
}

/// <summary>Validates opaque task-list cursors before they reach a query.</summary>
public static class TaskCursors
{
    public static string? TryDecode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out _) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
