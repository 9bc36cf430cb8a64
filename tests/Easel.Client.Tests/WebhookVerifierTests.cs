namespace Easel.Client.Tests;

/// <summary>Pinned to the Standard Webhooks reference test vectors (standard-webhooks/standard-webhooks, libraries/*/tests).</summary>
public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Payload = "{\"test\": 2432232314}";
    private const string ReferenceSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset ReferenceTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Signing_the_reference_message_gives_the_reference_signature()
    {
        Assert.Equal(ReferenceSignature, new WebhookVerifier(Secret).Sign(MessageId, ReferenceTime, Payload));
    }

    [Fact]
    public void The_reference_message_verifies_at_its_own_time()
    {
        At(ReferenceTime).Verify(Payload, MessageId, "1614265330", ReferenceSignature);
    }

    [Fact]
    public void The_secret_verifies_with_or_without_its_prefix()
    {
        new WebhookVerifier(Secret["whsec_".Length..], new FixedClock(ReferenceTime)).Verify(Payload, MessageId, "1614265330", ReferenceSignature);
    }

    [Fact]
    public void One_valid_signature_among_several_verifies()
    {
        var header = string.Join(' ', "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            ReferenceSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
        At(ReferenceTime).Verify(Payload, MessageId, "1614265330", header);
    }

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,")]
    public void A_wrong_signature_is_refused(string signature)
    {
        Assert.Throws<WebhookVerificationException>(() => At(ReferenceTime).Verify(Payload, MessageId, "1614265330", signature));
    }

    [Fact]
    public void A_changed_body_or_id_is_refused()
    {
        Assert.Throws<WebhookVerificationException>(() => At(ReferenceTime).Verify("{\"test\": 2432232315}", MessageId, "1614265330", ReferenceSignature));
        Assert.Throws<WebhookVerificationException>(() => At(ReferenceTime).Verify(Payload, "msg_other", "1614265330", ReferenceSignature));
    }

    [Theory]
    [InlineData(null, "1614265330", ReferenceSignature)]
    [InlineData(MessageId, null, ReferenceSignature)]
    [InlineData(MessageId, "1614265330", null)]
    [InlineData(MessageId, "yesterday", ReferenceSignature)]
    public void A_missing_or_malformed_header_is_refused(string? id, string? timestamp, string? signature)
    {
        Assert.Throws<WebhookVerificationException>(() => At(ReferenceTime).Verify(Payload, id, timestamp, signature));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_is_refused(int offsetSeconds)
    {
        var verifier = At(ReferenceTime.AddSeconds(-offsetSeconds));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Payload, MessageId, "1614265330", ReferenceSignature));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void A_timestamp_within_five_minutes_verifies(int offsetSeconds)
    {
        At(ReferenceTime.AddSeconds(-offsetSeconds)).Verify(Payload, MessageId, "1614265330", ReferenceSignature);
    }

    private static WebhookVerifier At(DateTimeOffset now) => new(Secret, new FixedClock(now));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
