using System.Data.Common;
using System.Text;
using Dapper;
using Easel.Core;

namespace Easel.Store.Relational;

public abstract partial class SqlStore
{
    private const string TaskColumns =
        "id, account_id, key_id, dialect, model, state, test, reserved, free_images, captured, progress, error_code, error_message, attempts, lease_owner, file_base, resolved_quality, created_at, started_at, finished_at";

    public Task<SubmitOutcome> SubmitTaskAsync(NewTask task, IdempotencyLink? idempotency, CancellationToken ct) =>
        WriteAsync<SubmitOutcome>(async (c, tx) =>
        {
            var accountId = task.Caller.AccountId;
            var keyId = task.Caller.KeyId;
            var limits = task.Caller.Limits;
            var accountQuery = $"SELECT {AccountColumns} FROM accounts WHERE id = @accountId";
            var account = await c.QuerySingleAsync<AccountRow>(new CommandDefinition(accountQuery, new { accountId }, tx, cancellationToken: ct));
            if (Sql.LockRow.Length > 0 && (limits.MaxConcurrentTasks is not null || limits.DailySpendLimit is not null || account.FreeImagesPerDay > 0))
            {
                // What follows counts and takes: every such submit of the account waits here for the one before it, on any node.
                account = await c.QuerySingleAsync<AccountRow>(new CommandDefinition(accountQuery + Sql.LockRow, new { accountId }, tx, cancellationToken: ct));
            }
            if (limits.MaxConcurrentTasks is { } most && await c.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM tasks WHERE key_id = @keyId AND state IN ('queued', 'running')",
                new { keyId }, tx, cancellationToken: ct)) >= most)
            {
                return new SubmitOutcome.TooManyUnfinished(most);
            }
            var today = Today;
            var free = task.PricePerImage > 0 ? Math.Min(account.FreeLeft(today), task.Request.ImageCount) : 0;
            var reservation = checked(task.PricePerImage * (task.Request.ImageCount - free));
            if (reservation > 0 && limits.DailySpendLimit is { } cap)
            {
                var spent = await c.QuerySingleAsync<long>(new CommandDefinition(
                    """
                    SELECT CAST(COALESCE(SUM(CASE WHEN state = 'succeeded' THEN captured WHEN state IN ('queued', 'running') THEN reserved ELSE 0 END), 0) AS BIGINT)
                    FROM tasks WHERE key_id = @keyId AND created_at >= @dayStart
                    """, new { keyId, dayStart = today * DayMs }, tx, cancellationToken: ct));
                if (spent + reservation > cap)
                {
                    return new SubmitOutcome.DailySpendReached(cap, spent, reservation);
                }
            }
            if (free > 0)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE accounts SET free_used = @used, free_day = @today WHERE id = @accountId",
                    new { accountId, today, used = account.FreeImagesPerDay - account.FreeLeft(today) + free }, tx, cancellationToken: ct));
            }
            var created = await c.QuerySingleAsync<TaskRow>(new CommandDefinition(
                $"""
                INSERT INTO tasks (id, account_id, key_id, dialect, model, state, test, request_json, reserved, free_images, progress, callback_url, file_base, attempts, created_at)
                VALUES (@Id, @accountId, @keyId, @Dialect, @model, 'queued', @test, @json, @reservation, @free, 0, @callback, @FileBase, 0, @now)
                RETURNING {TaskColumns}
                """,
                new
                {
                    task.Id,
                    accountId,
                    keyId,
                    task.Dialect,
                    model = task.Request.Model.ToWire(),
                    test = task.Caller.IsTest ? 1 : 0,
                    json = RequestJsonCodec.Serialize(task.Request),
                    reservation,
                    free,
                    callback = task.Request.CallbackUrl,
                    task.FileBase,
                    now = Now,
                }, tx, cancellationToken: ct));
            if (idempotency is { } idem && !await ClaimIdempotencyKeyAsync(c, tx, idem, task.Id, ct))
            {
                return new SubmitOutcome.IdempotencyKeyTaken();
            }
            if (reservation > 0)
            {
                await AppendLedgerAsync(c, tx, accountId, task.Id, LedgerKinds.Reserve, reservation, null, ct);
                // Last, so the account's row is locked only from here to the commit; short of credits, all of the above rolls back.
                var reserved = await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE accounts SET reserved = reserved + @reservation WHERE id = @accountId AND balance - reserved >= @reservation",
                    new { accountId, reservation }, tx, cancellationToken: ct));
                if (reserved == 0)
                {
                    var available = await c.QuerySingleAsync<long>(new CommandDefinition(
                        "SELECT balance - reserved FROM accounts WHERE id = @accountId", new { accountId }, tx, cancellationToken: ct));
                    return new SubmitOutcome.InsufficientCredits(available, reservation);
                }
            }
            return new SubmitOutcome.Created(created.ToRecord([]));
        }, ct, outcome => outcome is SubmitOutcome.Created);

    public Task<TaskRecord?> GetTaskAsync(string taskId, CancellationToken ct) =>
        ReadAsync(async c => await c.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM tasks WHERE id = @taskId", new { taskId }, cancellationToken: ct)) is { } row
            ? (await WithFilesAsync(c, [row], ct))[0]
            : null, ct);

    public Task<GenerationRequest?> GetTaskRequestAsync(string taskId, CancellationToken ct) =>
        ReadAsync(async c => await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT request_json FROM tasks WHERE id = @taskId", new { taskId }, cancellationToken: ct)) is { } json
            ? RequestJsonCodec.Deserialize(json)
            : null, ct);

    public Task<IReadOnlyDictionary<string, GenerationRequest>> GetTaskRequestsAsync(IReadOnlyCollection<string> taskIds, CancellationToken ct) =>
        ReadAsync<IReadOnlyDictionary<string, GenerationRequest>>(async c => taskIds.Count == 0
            ? new Dictionary<string, GenerationRequest>()
            : (await c.QueryAsync<(string Id, string Json)>(new CommandDefinition(
                $"SELECT id, request_json FROM tasks WHERE id {Sql.AnyOf("ids")}", new { ids = taskIds.ToArray() }, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => RequestJsonCodec.Deserialize(r.Json), StringComparer.Ordinal), ct);

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
                sql.Append(" AND state ").Append(Sql.AnyOf("stateWords"));
            }
            if (afterId is not null)
            {
                sql.Append(" AND (created_at < @afterCreated OR (created_at = @afterCreated AND id < @afterId))");
            }
            sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @take");
            var rows = (await c.QueryAsync<TaskRow>(new CommandDefinition(sql.ToString(),
                new { accountId, stateWords, afterCreated, afterId, take = limit + 1 }, cancellationToken: ct))).ToList();
            var page = Paged(rows, limit, r => EncodeTaskCursor(r.CreatedAt, r.Id));
            return new Page<TaskRecord>(await WithFilesAsync(c, page.Items, ct), page.NextCursor);
        }, ct);

    public Task<IReadOnlyList<ClaimedTask>> ClaimTasksAsync(string owner, TimeSpan lease, int max, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<ClaimedTask>>(async (c, tx) => (await c.QueryAsync<TaskRow>(new CommandDefinition(
            $"""
            UPDATE tasks SET state = 'running', lease_owner = @owner, lease_until = easel_now_ms() + @leaseMs, attempts = attempts + 1,
                started_at = COALESCE(started_at, @now)
            WHERE id IN (
                SELECT id FROM tasks
                WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < easel_now_ms())
                ORDER BY created_at LIMIT @max{Sql.SkipLocked})
            RETURNING {TaskColumns}, request_json, upstream_channel, upstream_task_id
            """, new { owner, leaseMs = (long)lease.TotalMilliseconds, now = Now, max }, tx, cancellationToken: ct)))
            .OrderBy(r => r.CreatedAt)
            .Select(r => new ClaimedTask(r.ToRecord([]), RequestJsonCodec.Deserialize(r.RequestJson!))
            {
                Upstream = r.UpstreamChannel is null ? null : new UpstreamMark(r.UpstreamChannel, r.UpstreamTaskId),
            }).ToList(), ct);

    public Task<bool> RenewLeaseAsync(string taskId, string owner, TimeSpan lease, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var args = new { taskId, owner, leaseMs = (long)lease.TotalMilliseconds };
            if (await c.ExecuteAsync(new CommandDefinition(
                "UPDATE tasks SET lease_until = easel_now_ms() + @leaseMs WHERE id = @taskId AND state = 'running' AND lease_owner = @owner",
                args, tx, cancellationToken: ct)) == 0)
            {
                return false;
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE channel_slots SET held_until = easel_now_ms() + @leaseMs WHERE task_id = @taskId AND owner = @owner", args, tx, cancellationToken: ct));
            return true;
        }, ct);

    public Task<bool> MarkUpstreamAsync(string taskId, string owner, UpstreamMark? mark, CancellationToken ct) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tasks SET upstream_channel = @channel, upstream_task_id = @upstreamTaskId
            WHERE id = @taskId AND state = 'running' AND lease_owner = @owner
            """, new { taskId, owner, channel = mark?.Channel, upstreamTaskId = mark?.UpstreamTaskId }, tx, cancellationToken: ct)) == 1, ct);

    public Task<bool> CompleteTaskAsync(
        string taskId, string owner, IReadOnlyList<GeneratedImage> images, DateTimeOffset filesExpireAt, Quality resolved, long capture, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var now = Now;
            var ended = await c.QuerySingleOrDefaultAsync<EndedRow>(new CommandDefinition(
                """
                UPDATE tasks SET state = 'succeeded', progress = 100, resolved_quality = @quality, finished_at = @now,
                    captured = CASE WHEN reserved < @capture THEN reserved ELSE @capture END, lease_owner = NULL, lease_until = NULL
                WHERE id = @taskId AND state = 'running' AND lease_owner = @owner
                RETURNING account_id, reserved, captured, free_images, created_at
                """, new { taskId, owner, quality = resolved.ToWire(), now, capture }, tx, cancellationToken: ct));
            if (ended is null)
            {
                return false;
            }
            await AddFilesAsync(c, tx, taskId, ended.AccountId, images, now, filesExpireAt, ct);
            await ReleaseChannelSlotAsync(c, tx, taskId, ct);
            await QueueWebhookAsync(c, tx, taskId, ct);
            await SettleAsync(c, tx, ended.AccountId, taskId, ended.Reserved, ended.Captured, ct);
            return true;
        }, ct, done => done);

    public Task<bool> FailTaskAsync(string taskId, string? owner, FailureCode code, string message, CancellationToken ct) =>
        EndUnpaidAsync(taskId, owner, accountId: null, TaskState.Failed, code, message, ct);

    public async Task<CancelOutcome> CancelTaskAsync(string taskId, string accountId, CancellationToken ct)
    {
        if (await EndUnpaidAsync(taskId, owner: null, accountId, TaskState.Canceled, FailureCode.Canceled, "canceled", ct))
        {
            return CancelOutcome.Canceled;
        }
        var task = await GetTaskAsync(taskId, ct);
        return task is null || task.AccountId != accountId ? CancelOutcome.NotFound : CancelOutcome.AlreadyTerminal;
    }

    /// <summary>Ends a queued or running task without charge: everything it reserved is released.</summary>
    private Task<bool> EndUnpaidAsync(string taskId, string? owner, string? accountId, TaskState end, FailureCode code, string message, CancellationToken ct) =>
        WriteAsync(async (c, tx) =>
        {
            var ended = await c.QuerySingleOrDefaultAsync<EndedRow>(new CommandDefinition(
                """
                UPDATE tasks SET state = @state, error_code = @code, error_message = @message, captured = 0, finished_at = @now,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = @taskId AND state IN ('queued', 'running')
                    AND (@owner IS NULL OR lease_owner = @owner) AND (@accountId IS NULL OR account_id = @accountId)
                RETURNING account_id, reserved, captured, free_images, created_at
                """, new { taskId, owner, accountId, state = end.ToWire(), code = code.ToWire(), message, now = Now }, tx, cancellationToken: ct));
            if (ended is null)
            {
                return false;
            }
            await ReleaseChannelSlotAsync(c, tx, taskId, ct);
            await QueueWebhookAsync(c, tx, taskId, ct);
            await SettleAsync(c, tx, ended.AccountId, taskId, ended.Reserved, 0, ct);
            if (ended.FreeImages > 0)
            {
                // Free images come back only on the day they were taken: yesterday's allowance is gone either way.
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE accounts SET free_used = CASE WHEN free_used > @free THEN free_used - @free ELSE 0 END
                    WHERE id = @accountId AND free_day = @day
                    """, new { accountId = ended.AccountId, free = ended.FreeImages, day = ended.CreatedAt / DayMs }, tx, cancellationToken: ct));
            }
            return true;
        }, ct, done => done);

    /// <summary>
    /// Turns a task's reservation into a capture of <paramref name="captured"/> and a release of the rest. The account's row
    /// is updated last, so it stays locked only until the commit that follows.
    /// </summary>
    private async Task SettleAsync(DbConnection c, DbTransaction tx, string accountId, string taskId, long reserved, long captured, CancellationToken ct)
    {
        if (reserved == 0)
        {
            return;
        }
        if (captured > 0)
        {
            await AppendLedgerAsync(c, tx, accountId, taskId, LedgerKinds.Capture, captured, null, ct);
        }
        if (reserved > captured)
        {
            await AppendLedgerAsync(c, tx, accountId, taskId, LedgerKinds.Release, reserved - captured, null, ct);
        }
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET balance = balance - @captured, reserved = reserved - @reserved WHERE id = @accountId",
            new { accountId, captured, reserved }, tx, cancellationToken: ct));
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

    /// <summary>What an ending statement returns of the task it ended.</summary>
    private sealed class EndedRow
    {
        public string AccountId { get; init; } = "";
        public long Reserved { get; init; }
        public long Captured { get; init; }
        public long FreeImages { get; init; }
        public long CreatedAt { get; init; }
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
        public long Attempts { get; init; }
        public string? LeaseOwner { get; init; }
        public string? FileBase { get; init; }
        public string? ResolvedQuality { get; init; }
        public string? UpstreamChannel { get; init; }
        public string? UpstreamTaskId { get; init; }
        public long CreatedAt { get; init; }
        public long? StartedAt { get; init; }
        public long? FinishedAt { get; init; }

        public TaskRecord ToRecord(IReadOnlyList<StoredFile> files) => new(
            Id, AccountId, KeyId, Dialect, Model == GenerationModels.EditName ? GenerationModel.Edit : GenerationModel.Generate,
            TaskStates.Parse(State), Test != 0, Reserved, Captured, (int)Progress, ErrorCode is null ? null : FailureCodes.FromStored(ErrorCode), ErrorMessage,
            files, (int)Attempts, LeaseOwner, Time(CreatedAt), Time(StartedAt), Time(FinishedAt))
        {
            FreeImages = (int)FreeImages,
            FileBase = FileBase,
            ResolvedQuality = Qualities.TryParse(ResolvedQuality, allowAliases: false, out var quality) ? quality : null,
        };
    }
}
