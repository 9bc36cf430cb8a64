using System.Net;
using Easel.Client.Tests.Support;

namespace Easel.Client.Tests;

public sealed class ErrorTests(FastEasel fixture) : IClassFixture<FastEasel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Too_few_credits_throw_EaselInsufficientCreditsException_with_needed_and_available()
    {
        var (easel, tenant) = await fixture.ClientAsync(credits: 5);

        var error = await Assert.ThrowsAsync<EaselInsufficientCreditsException>(() =>
            easel.SubmitAsync(new ImageRequest("a gold statue") { Quality = ImageQuality.High }, cancellationToken: Ct));

        Assert.Equal((12L, 5L), (error.Needed, error.Available));
        Assert.Equal((HttpStatusCode.PaymentRequired, "insufficient_credits"), (error.StatusCode, error.ErrorType));
        Assert.Equal(0, await fixture.Server.TaskCountAsync(tenant.AccountId));
    }

    [Fact]
    public async Task A_key_over_its_requests_per_minute_throws_EaselRateLimitedException_with_RetryAfter()
    {
        using var easel = await fixture.ClientWithKeyAsync(new NewApiKey { Name = "slow", RequestsPerMinute = 1 }, maxRetries: 0);
        await easel.Account.GetBalanceAsync(Ct);

        var error = await Assert.ThrowsAsync<EaselRateLimitedException>(() => easel.Account.GetBalanceAsync(Ct));

        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("1 requests per minute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_size_throws_EaselInvalidRequestException_naming_the_field()
    {
        var (easel, _) = await fixture.ClientAsync();

        var error = await Assert.ThrowsAsync<EaselInvalidRequestException>(() =>
            easel.SubmitAsync(new ImageRequest("a map") { Size = "17:5" }, cancellationToken: Ct));

        Assert.Equal("input.size", error.Param);
        Assert.StartsWith("input.size must be auto", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task An_unknown_task_throws_EaselNotFoundException_on_every_task_call()
    {
        var (easel, _) = await fixture.ClientAsync();
        const string Missing = "task_00000000000000000000000000";

        await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.GetStatusAsync(Missing, Ct));
        await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.GetTaskAsync(Missing, Ct));
        await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.CancelAsync(Missing, Ct));
        await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.WaitAsync(Missing, cancellationToken: Ct));
        var error = await Assert.ThrowsAsync<EaselNotFoundException>(() => easel.Webhooks.GetDeliveryAsync(Missing, Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Another_accounts_task_does_not_exist_for_the_caller()
    {
        var (mine, _) = await fixture.ClientAsync();
        var (theirs, _) = await fixture.ClientAsync();
        var task = await theirs.SubmitAsync(new ImageRequest("private") { Quality = ImageQuality.Low }, cancellationToken: Ct);

        await Assert.ThrowsAsync<EaselNotFoundException>(() => mine.GetTaskAsync(task.TaskId, Ct));
    }

    [Fact]
    public async Task A_wrong_key_throws_EaselAuthenticationException_with_the_servers_message()
    {
        using var easel = fixture.ClientFor("sk_live_not_a_real_key_0000000000000000");

        var error = await Assert.ThrowsAsync<EaselAuthenticationException>(() => easel.Account.GetBalanceAsync(Ct));

        Assert.Equal("invalid or revoked API key", error.Message);
        Assert.Equal((HttpStatusCode.Unauthorized, "authentication_error"), (error.StatusCode, error.ErrorType));
    }

    [Fact]
    public async Task A_member_key_on_an_owner_route_throws_EaselPermissionDeniedException()
    {
        var (easel, _) = await fixture.ClientAsync(role: "member");

        await Assert.ThrowsAsync<EaselPermissionDeniedException>(() => easel.Keys.ListAsync(Ct).ToListAsync(Ct).AsTask());
        await Assert.ThrowsAsync<EaselPermissionDeniedException>(() => easel.Webhooks.RotateSecretAsync(Ct));
    }

    [Fact]
    public void The_client_refuses_a_missing_url_or_key_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new EaselClient(new EaselClientOptions { ApiKey = "sk_live_x" }));
        Assert.Throws<ArgumentException>(() => new EaselClient(fixture.Server.BaseAddress, " "));
    }
}
