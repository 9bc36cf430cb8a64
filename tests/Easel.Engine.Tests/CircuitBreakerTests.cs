using Easel.Engine.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Easel.Engine.Tests;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2031, 5, 6, 12, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker(int threshold = 3) => new(threshold, CoolDown, _clock);

    [Fact]
    public void It_opens_after_the_threshold_of_failures_in_a_row_and_then_refuses_calls()
    {
        var breaker = Breaker(threshold: 3);

        breaker.RecordFailure(null);
        breaker.RecordFailure(null);
        Assert.Equal((BreakerState.Closed, 2, true), (breaker.State, breaker.ConsecutiveFailures, breaker.TryAcquire()));

        breaker.RecordFailure(null);

        Assert.Equal((BreakerState.Open, 3), (breaker.State, breaker.ConsecutiveFailures));
        Assert.Equal(_clock.GetUtcNow() + CoolDown, breaker.OpenUntil);
        Assert.False(breaker.TryAcquire());
    }

    [Fact]
    public void A_success_between_failures_starts_the_count_again()
    {
        var breaker = Breaker(threshold: 3);

        breaker.RecordFailure(null);
        breaker.RecordFailure(null);
        breaker.RecordSuccess();
        breaker.RecordFailure(null);
        breaker.RecordFailure(null);

        Assert.Equal((BreakerState.Closed, 2, (DateTimeOffset?)null), (breaker.State, breaker.ConsecutiveFailures, breaker.OpenUntil));
    }

    [Fact]
    public void After_the_cool_down_it_is_half_open_and_lets_one_trial_through_at_a_time()
    {
        var breaker = Opened();

        _clock.Advance(CoolDown - TimeSpan.FromMilliseconds(1));
        Assert.Equal((BreakerState.Open, false), (breaker.State, breaker.TryAcquire()));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        Assert.True(breaker.TryAcquire());
        Assert.False(breaker.TryAcquire());
    }

    [Fact]
    public void A_successful_trial_closes_it()
    {
        var breaker = Opened();
        _clock.Advance(CoolDown);
        Assert.True(breaker.TryAcquire());

        breaker.RecordSuccess();

        Assert.Equal((BreakerState.Closed, 0, (DateTimeOffset?)null), (breaker.State, breaker.ConsecutiveFailures, breaker.OpenUntil));
        Assert.True(breaker.TryAcquire());
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void A_failed_trial_opens_it_again_for_a_whole_cool_down()
    {
        var breaker = Opened();
        _clock.Advance(CoolDown);
        Assert.True(breaker.TryAcquire());

        breaker.RecordFailure(null);

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(_clock.GetUtcNow() + CoolDown, breaker.OpenUntil);
        Assert.False(breaker.TryAcquire());
        _clock.Advance(CoolDown);
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void A_trial_that_ended_without_an_answer_is_released_and_leaves_the_breaker_as_it_was()
    {
        var breaker = Opened();
        _clock.Advance(CoolDown);
        Assert.True(breaker.TryAcquire());

        breaker.Release();

        Assert.Equal((BreakerState.HalfOpen, 3), (breaker.State, breaker.ConsecutiveFailures));
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void A_release_while_closed_changes_nothing()
    {
        var breaker = Breaker(threshold: 2);
        breaker.RecordFailure(null);

        breaker.Release();

        Assert.Equal((BreakerState.Closed, 1), (breaker.State, breaker.ConsecutiveFailures));
    }

    [Fact]
    public void A_retry_after_opens_it_at_once_for_as_long_as_the_upstream_asked()
    {
        var breaker = Breaker(threshold: 5);

        breaker.RecordFailure(TimeSpan.FromSeconds(45));

        Assert.Equal((BreakerState.Open, 1), (breaker.State, breaker.ConsecutiveFailures));
        _clock.Advance(TimeSpan.FromSeconds(44));
        Assert.False(breaker.TryAcquire());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void A_retry_after_shorter_than_the_cool_down_does_not_shorten_an_opening()
    {
        var breaker = Breaker(threshold: 1);

        breaker.RecordFailure(TimeSpan.FromSeconds(5));

        Assert.Equal(_clock.GetUtcNow() + CoolDown, breaker.OpenUntil);
    }

    [Fact]
    public void A_retry_after_is_capped_at_ten_minutes()
    {
        var breaker = Breaker(threshold: 5);

        breaker.RecordFailure(TimeSpan.FromHours(6));

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), breaker.OpenUntil);
    }

    [Fact]
    public void A_retry_after_of_zero_counts_as_a_plain_failure()
    {
        var breaker = Breaker(threshold: 5);

        breaker.RecordFailure(TimeSpan.Zero);

        Assert.Equal((BreakerState.Closed, 1, true), (breaker.State, breaker.ConsecutiveFailures, breaker.TryAcquire()));
    }

    private CircuitBreaker Opened()
    {
        var breaker = Breaker(threshold: 3);
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure(null);
        }
        Assert.Equal(BreakerState.Open, breaker.State);
        return breaker;
    }
}
