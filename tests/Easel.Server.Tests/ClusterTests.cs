using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>Several Easel processes on one PostgreSQL database and one files folder, each node with its own roles.</summary>
public sealed class ClusterTests
{
    /// <summary>Idle nodes poll this rarely, so what happens sooner happened because another node's signal arrived.</summary>
    private static readonly (string, string) SlowPolling = ("Easel:Engine:PollMilliseconds", "10000");

    [Fact]
    public async Task An_api_node_only_queues_and_a_worker_node_runs_the_task_woken_by_the_api_node()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        var api = await cluster.StartNodeAsync(["api"], SlowPolling);
        var tenant = await EaselCluster.CreateTenantAsync(api);
        var early = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "before any worker"));
        await Task.Delay(1500);
        Assert.Equal("not_started", (await tenant.StatusAsync(early)).GetProperty("status").GetString());

        var worker = await cluster.StartNodeAsync(["worker"], SlowPolling);
        Assert.Equal("finished", (await tenant.WaitEndAsync(early)).GetProperty("status").GetString());
        using (var direct = EaselCluster.Client(worker, tenant.Key))
        {
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await direct.GetAsync("/api/account")).StatusCode);
        }

        var watch = Stopwatch.StartNew();
        var next = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "with the worker idle"));
        var done = await tenant.WaitEndAsync(next);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"the idle worker took {watch.Elapsed} to run a new task: it was not woken");

        using var download = await tenant.Client.GetAsync(done.GetProperty("files")[0].GetProperty("file_url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0x89, (await download.Content.ReadAsByteArrayAsync())[0]);
    }

    [Fact]
    public async Task A_cancel_on_one_node_stops_the_run_on_the_worker_at_once_and_charges_nothing()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        var api = await cluster.StartNodeAsync(["api"], SlowPolling);
        await cluster.StartNodeAsync(["worker"], SlowPolling, ("Easel:Sandbox:LatencyMs", "20000"), ("Easel:Engine:MaxConcurrency", "1"));
        var tenant = await EaselCluster.CreateTenantAsync(api, credits: 100);
        var first = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "canceled while running", quality: "medium"));
        await tenant.WaitStatusAsync(first, "running");
        var second = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "waits for the only slot", quality: "medium"));

        var (status, _, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, $"/api/generate/cancel/{first}");
        Assert.Equal(200, status);

        // The worker has one slot: the second task can start only once the first run has stopped (a lease renewal would take 20 s).
        await tenant.WaitStatusAsync(second, "running", seconds: 5);
        var canceled = await tenant.StatusAsync(first);
        Assert.Equal("failed", canceled.GetProperty("status").GetString());
        Assert.Equal("canceled", canceled.GetProperty("error_message").GetString());
        var rows = await LedgerRowsAsync(api, tenant.AccountId, first);
        Assert.Equal([("reserve", 3L), ("release", 3L)], rows);
    }

    [Fact]
    public async Task A_killed_worker_s_task_is_finished_by_another_node_and_charged_once()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        (string, string) lease = ("Easel:Engine:LeaseSeconds", "5");
        var api = await cluster.StartNodeAsync(["api"], lease);
        var doomed = await cluster.StartNodeAsync(["worker"], lease, ("Easel:Sandbox:LatencyMs", "30000"));
        var tenant = await EaselCluster.CreateTenantAsync(api, credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "outlives its worker", quality: "medium"));
        await tenant.WaitStatusAsync(taskId, "running");

        doomed.Kill();
        await cluster.StartNodeAsync(["worker"], lease, ("Easel:Engine:PollMilliseconds", "200"));

        Assert.Equal("finished", (await tenant.WaitEndAsync(taskId, seconds: 60)).GetProperty("status").GetString());
        Assert.Equal([("reserve", 3L), ("capture", 3L)], await LedgerRowsAsync(api, tenant.AccountId, taskId));
        using var admin = EaselCluster.Client(api, EaselServer.AdminKey);
        var account = JsonDocument.Parse(await admin.GetStringAsync($"/admin/accounts/{tenant.AccountId}")).RootElement;
        Assert.Equal(97, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task A_killed_worker_s_upstream_job_is_resumed_by_another_node_one_upstream_call_one_capture()
    {
        await using var upstream = await FakeUpstreams.FakeUpstream.StartAsync(64, 64);
        upstream.Hold = true;
        (string, string)[] settings = [.. UpstreamChannels.Of("poyo", "unified", upstream.BaseAddress), ("Easel:Engine:LeaseSeconds", "5")];
        await using var cluster = await EaselCluster.CreateAsync();
        var api = await cluster.StartNodeAsync(["api"], settings);
        var doomed = await cluster.StartNodeAsync(["worker"], settings);
        var tenant = await EaselCluster.CreateTenantAsync(api, credits: 100);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "its upstream job outlives its worker", quality: "medium"));
        await tenant.WaitStatusAsync(taskId, "running");
        var watch = Stopwatch.StartNew();
        // A status read comes only after the worker wrote down the upstream's job id (killed before that, the job
        // could not be resumed, and the channel is rightly not asked again).
        while (upstream.Polls == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the worker never polled the upstream job");
            await Task.Delay(50);
        }

        doomed.Kill();
        await cluster.StartNodeAsync(["worker"], [.. settings, ("Easel:Engine:PollMilliseconds", "200")]);
        upstream.Hold = false;

        Assert.Equal("finished", (await tenant.WaitEndAsync(taskId, seconds: 60)).GetProperty("status").GetString());
        Assert.Equal(1, upstream.Submits);
        Assert.Equal([("reserve", 3L), ("capture", 3L)], await LedgerRowsAsync(api, tenant.AccountId, taskId));
    }

    [Fact]
    public async Task A_task_run_by_another_node_is_streamed_and_waited_on_as_it_changes()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        var first = await cluster.StartNodeAsync(["api"], SlowPolling);
        var second = await cluster.StartNodeAsync(["api"], SlowPolling);
        await cluster.StartNodeAsync(["worker"], ("Easel:Sandbox:LatencyMs", "1500"), ("Easel:Engine:PollMilliseconds", "200"));
        var tenant = await EaselCluster.CreateTenantAsync(first);
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "watched from the other node"));
        using var onSecond = EaselCluster.Client(second, tenant.Key);

        var watch = Stopwatch.StartNew();
        using var response = await onSecond.GetAsync($"/api/generate/events/{taskId}", HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        var statuses = EventStream.Statuses(text);
        Assert.Equal("finished", statuses[^1]);
        Assert.Contains("running", statuses);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"the stream on the other node closed only after {watch.Elapsed}");

        var onSecondTenant = tenant with { Client = onSecond };
        watch.Restart();
        var (status, waited) = await onSecondTenant.SubmitAsync(Tenant.Submit(prompt: "waited on from the node it was sent to"), ("Prefer", "wait=30"));
        Assert.Equal(200, status);
        Assert.Equal("finished", waited.GetProperty("data").GetProperty("status").GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"Prefer: wait answered only after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_on_another_within_a_second()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        var first = await cluster.StartNodeAsync(["api"], SlowPolling);
        var second = await cluster.StartNodeAsync(["api"], SlowPolling);
        var tenant = await EaselCluster.CreateTenantAsync(first);
        using var onSecond = EaselCluster.Client(second, tenant.Key);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/account")).StatusCode);

        using var admin = EaselCluster.Client(first, EaselServer.AdminKey);
        Assert.True((await admin.DeleteAsync($"/admin/keys/{tenant.KeyId}")).IsSuccessStatusCode);
        var watch = Stopwatch.StartNew();
        while ((await onSecond.GetAsync("/api/account")).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "the other node still accepts the revoked key");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_key_s_unfinished_task_limit_holds_across_nodes()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        EaselProcess[] nodes = [await cluster.StartNodeAsync(["api"]), await cluster.StartNodeAsync(["api"])];
        var tenant = await EaselCluster.CreateTenantAsync(nodes[0]);
        using var admin = EaselCluster.Client(nodes[0], EaselServer.AdminKey);
        var (patched, _, _) = await EaselServer.SendAsync(admin, HttpMethod.Patch, $"/admin/keys/{tenant.KeyId}", """{"max_concurrent_tasks":2}""");
        Assert.Equal(200, patched);

        // No worker runs: every accepted task stays unfinished.
        var clients = nodes.Select(n => tenant with { Client = EaselCluster.Client(n, tenant.Key) }).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % 2].SubmitAsync(Tenant.Submit(prompt: $"limit {i}"))));

        Assert.Equal(2, answers.Count(a => a.Status == 200));
        Assert.Equal(6, answers.Count(a => a.Status == 429));
    }

    [Fact]
    public async Task A_key_s_requests_per_minute_hold_across_nodes()
    {
        await using var cluster = await EaselCluster.CreateAsync();
        EaselProcess[] nodes = [await cluster.StartNodeAsync(["api"]), await cluster.StartNodeAsync(["api"])];
        var tenant = await EaselCluster.CreateTenantAsync(nodes[0]);
        using var admin = EaselCluster.Client(nodes[0], EaselServer.AdminKey);
        var (patched, _, _) = await EaselServer.SendAsync(admin, HttpMethod.Patch, $"/admin/keys/{tenant.KeyId}", """{"requests_per_minute":6}""");
        Assert.Equal(200, patched);

        var clients = nodes.Select(n => EaselCluster.Client(n, tenant.Key)).ToArray();
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % 2].GetAsync("/api/account")));

        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(6, refused.Count);
        Assert.All(refused, a => Assert.InRange(a.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 10));
    }

    [Fact]
    public async Task A_channel_s_max_concurrency_holds_across_workers_and_every_node_shows_one_view_of_it()
    {
        await using var upstream = await FakeUpstreams.FakeUpstream.StartAsync(64, 64);
        upstream.Hold = true;
        (string, string)[] channel = [.. UpstreamChannels.Of("poyo", "unified", upstream.BaseAddress), ("Easel:Channels:poyo:MaxConcurrency", "1")];
        await using var cluster = await EaselCluster.CreateAsync();
        var api = await cluster.StartNodeAsync(["api"], channel);
        await cluster.StartNodeAsync(["worker"], [.. channel, ("Easel:Engine:NodeId", "worker-a"), ("Easel:Engine:MaxConcurrency", "1")]);
        await cluster.StartNodeAsync(["worker"], [.. channel, ("Easel:Engine:NodeId", "worker-b"), ("Easel:Engine:MaxConcurrency", "1")]);
        var tenant = await EaselCluster.CreateTenantAsync(api);
        var tasks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add(await tenant.SubmitOkAsync(Tenant.Submit(prompt: $"one at a time {i}")));
        }
        using var admin = EaselCluster.Client(api, EaselServer.AdminKey);

        // Each worker runs one task at a time: both have claimed one, and one of them waits for the channel's single slot.
        var watch = Stopwatch.StartNew();
        JsonElement view;
        do
        {
            await Task.Delay(200);
            view = JsonDocument.Parse(await admin.GetStringAsync("/admin/channels")).RootElement[0];
        }
        while (view.GetProperty("nodes").GetArrayLength() < 2 && watch.Elapsed < TimeSpan.FromSeconds(20));
        await Task.Delay(1500);
        view = JsonDocument.Parse(await admin.GetStringAsync("/admin/channels")).RootElement[0];

        Assert.Equal(1, upstream.Submits);
        Assert.Equal(1, view.GetProperty("in_flight").GetInt32());
        Assert.Equal(1, view.GetProperty("max_concurrency").GetInt32());
        Assert.Equal(["worker-a", "worker-b"], view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()));
        Assert.All(view.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("closed", n.GetProperty("breaker").GetString()));
        Assert.Equal(2, (await Task.WhenAll(tasks.Select(tenant.StatusAsync))).Count(t => t.GetProperty("status").GetString() == "running"));

        upstream.Hold = false;
        foreach (var task in tasks)
        {
            Assert.Equal("finished", (await tenant.WaitEndAsync(task, seconds: 30)).GetProperty("status").GetString());
        }
        Assert.Equal(3, upstream.Submits);
    }

    private static async Task<List<(string?, long)>> LedgerRowsAsync(EaselProcess node, string accountId, string taskId)
    {
        using var admin = EaselCluster.Client(node, EaselServer.AdminKey);
        var ledger = JsonDocument.Parse(await admin.GetStringAsync($"/admin/accounts/{accountId}/ledger?limit=200")).RootElement.GetProperty("entries");
        return ledger.EnumerateArray().Where(e => e.GetProperty("task_id").GetString() == taskId)
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
    }
}
