using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>A server whose sandbox holds each task ~3 s, so a request waiting on its task stays in flight.</summary>
public sealed class SlowSandboxServer : IAsyncLifetime
{
    public EaselServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:LatencyMs", "3000"));

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

public sealed class IdempotencyTests(SlowSandboxServer fixture) : IClassFixture<SlowSandboxServer>
{
    private EaselServer Server => fixture.Server;

    private static string NewKey() => "idem-" + Guid.NewGuid().ToString("N");

    private static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SubmitAsync(Tenant tenant, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate/submit") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await tenant.Client.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response);
    }

    private static string TaskId(JsonElement body) => body.GetProperty("data").GetProperty("task_id").GetString()!;

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");

    private async Task<List<(string? Kind, long Amount)>> LedgerAsync(string accountId) =>
        (await Server.LedgerAsync(accountId)).EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();

    [Fact]
    public async Task Same_key_and_body_replays_the_first_answer_and_makes_one_task()
    {
        var tenant = await Server.CreateTenantAsync(credits: 100);
        var key = NewKey();
        var body = Tenant.Submit();

        var (first, firstBody, firstResponse) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));
        var (second, secondBody, secondResponse) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));

        Assert.True(first == 200, $"first answered {first}: {firstBody}");
        Assert.True(second == 200, $"replay answered {second}: {secondBody}");
        Assert.Equal(TaskId(firstBody), TaskId(secondBody));
        Assert.False(Replayed(firstResponse), "the first answer claims to be a replay");
        Assert.True(Replayed(secondResponse), "the replay has no Idempotent-Replayed: true");
        Assert.Equal(firstBody.ToString(), secondBody.ToString());
        Assert.Equal(1, await Server.TaskCountAsync(tenant.AccountId));
        Assert.Single(await LedgerAsync(tenant.AccountId), e => e.Kind == "reserve");
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_422_and_writes_nothing()
    {
        var tenant = await Server.CreateTenantAsync(credits: 100);
        var key = NewKey();
        var (first, firstBody, _) = await SubmitAsync(tenant, Tenant.Submit(prompt: "a red fox"), ("Idempotency-Key", key));
        Assert.True(first == 200, $"first answered {first}: {firstBody}");
        var ledger = await LedgerAsync(tenant.AccountId);

        var (status, reply, _) = await SubmitAsync(tenant, Tenant.Submit(prompt: "a blue fox"), ("Idempotency-Key", key));

        EnvelopeAssert.Error("same key, different body", status, reply, 422, "idempotency_error", "different");
        Assert.Equal(1, await Server.TaskCountAsync(tenant.AccountId));
        Assert.Equal(ledger.Where(e => e.Kind is "grant" or "reserve"), (await LedgerAsync(tenant.AccountId)).Where(e => e.Kind is "grant" or "reserve"));
    }

    [Fact]
    public async Task The_key_is_scoped_to_the_account()
    {
        var alice = await Server.CreateTenantAsync(credits: 100);
        var bob = await Server.CreateTenantAsync(credits: 100);
        var key = NewKey();
        var body = Tenant.Submit();

        var (a, aBody, aResponse) = await SubmitAsync(alice, body, ("Idempotency-Key", key));
        var (b, bBody, bResponse) = await SubmitAsync(bob, body, ("Idempotency-Key", key));

        Assert.True(a == 200 && b == 200, $"answers {a}: {aBody} / {b}: {bBody}");
        Assert.NotEqual(TaskId(aBody), TaskId(bBody));
        Assert.False(Replayed(aResponse) || Replayed(bResponse), "an answer was replayed across accounts");
        Assert.Equal(1, await Server.TaskCountAsync(alice.AccountId));
        Assert.Equal(1, await Server.TaskCountAsync(bob.AccountId));
        await bob.StatusAsync(TaskId(bBody));
    }

    [Fact]
    public async Task Same_key_while_the_first_is_in_flight_is_409_then_replays()
    {
        var tenant = await Server.CreateTenantAsync(credits: 100);
        var key = NewKey();
        var body = Tenant.Submit();

        var first = SubmitAsync(tenant, body, ("Idempotency-Key", key), ("Prefer", "wait=20"));
        await Task.Delay(800);
        Assert.False(first.IsCompleted, "the waiting submit answered before the sandbox finished");
        var (status, reply, _) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));
        EnvelopeAssert.Error("same key while in flight", status, reply, 409, "idempotency_error", "still being processed");

        var (firstStatus, firstBody, _) = await first;
        Assert.True(firstStatus == 200, $"first answered {firstStatus}: {firstBody}");
        Assert.Equal("finished", firstBody.GetProperty("data").GetProperty("status").GetString());

        var (again, againBody, againResponse) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));
        Assert.True(again == 200, $"replay answered {again}: {againBody}");
        Assert.True(Replayed(againResponse), "the replay has no Idempotent-Replayed: true");
        Assert.Equal(TaskId(firstBody), TaskId(againBody));
        Assert.Equal(1, await Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task A_refused_request_does_not_burn_the_key()
    {
        var tenant = await Server.CreateTenantAsync(credits: 100);
        var key = NewKey();

        var (bad, badBody, _) = await SubmitAsync(tenant, Tenant.Submit(prompt: "   "), ("Idempotency-Key", key));
        EnvelopeAssert.Error("blank prompt with a key", bad, badBody, 400, "invalid_request_error", "prompt");

        var (ok, okBody, okResponse) = await SubmitAsync(tenant, Tenant.Submit(), ("Idempotency-Key", key));
        Assert.True(ok == 200, $"the valid retry answered {ok}: {okBody}");
        Assert.False(Replayed(okResponse), "the valid retry was a replay of the refusal");
        Assert.Equal(1, await Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task Insufficient_credits_do_not_burn_the_key()
    {
        var tenant = await Server.CreateTenantAsync(credits: 0);
        var key = NewKey();
        var body = Tenant.Submit(quality: "high", size: "16:9", resolution: "4K");

        var (poor, poorBody, _) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));
        EnvelopeAssert.Error("402 with a key", poor, poorBody, 402, "insufficient_credits", "credits");
        Assert.Equal(0, await Server.TaskCountAsync(tenant.AccountId));

        await EaselServer.PostJsonAsync(Server.Admin, $"/admin/accounts/{tenant.AccountId}/credits", new { amount = 100, reason = "top up" });
        var (ok, okBody, okResponse) = await SubmitAsync(tenant, body, ("Idempotency-Key", key));
        Assert.True(ok == 200, $"the retry after the grant answered {ok}: {okBody}");
        Assert.False(Replayed(okResponse), "the retry replayed the 402");
        Assert.Equal(1, await Server.TaskCountAsync(tenant.AccountId));
        var account = await Server.AccountAsync(tenant.AccountId);
        Assert.Equal(48, account.GetProperty("reserved").GetInt64());
    }

    [Fact]
    public async Task Admin_grant_with_a_key_applies_once()
    {
        var account = await EaselServer.PostJsonAsync(Server.Admin, "/admin/accounts", new { name = "idem grant" });
        var id = account.GetProperty("id").GetString()!;
        var key = NewKey();

        async Task<(int, JsonElement, HttpResponseMessage)> GrantAsync(long amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/accounts/{id}/credits") { Content = JsonContent.Create(new { amount, reason = "once" }) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await Server.Admin.SendAsync(request);
            return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response);
        }

        var (first, firstBody, _) = await GrantAsync(50);
        var (second, secondBody, secondResponse) = await GrantAsync(50);

        Assert.True(first == 200 && second == 200, $"answers {first}: {firstBody} / {second}: {secondBody}");
        Assert.Equal(50, firstBody.GetProperty("balance").GetInt64());
        Assert.Equal(50, secondBody.GetProperty("balance").GetInt64());
        Assert.True(Replayed(secondResponse), "the second grant is not marked as a replay");
        Assert.Equal(50, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());
        Assert.Single(await LedgerAsync(id));

        var (third, thirdBody, _) = await GrantAsync(70);
        EnvelopeAssert.Error("same grant key, different amount", third, thirdBody, 422, "idempotency_error", "different");
        Assert.Equal(50, (await Server.AccountAsync(id)).GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Key_longer_than_255_chars_is_400()
    {
        var tenant = await Server.CreateTenantAsync(credits: 10);
        var (status, reply, _) = await SubmitAsync(tenant, Tenant.Submit(), ("Idempotency-Key", new string('k', 256)));
        EnvelopeAssert.Error("256-char key", status, reply, 400, "invalid_request_error", "Idempotency-Key");
        Assert.Equal(0, await Server.TaskCountAsync(tenant.AccountId));
    }
}
