namespace Easel.Core.Tests;

public sealed class FailureCodesTests
{
    [Theory]
    [InlineData(FailureCode.InternalError, "internal_error")]
    [InlineData(FailureCode.Timeout, "timeout")]
    [InlineData(FailureCode.Interrupted, "interrupted")]
    [InlineData(FailureCode.InvalidReferenceImage, "invalid_reference_image")]
    [InlineData(FailureCode.Canceled, "canceled")]
    [InlineData(FailureCode.LeaseLost, "lease_lost")]
    [InlineData(FailureCode.NoChannel, "no_channel")]
    [InlineData(FailureCode.SandboxFailure, "sandbox_failure")]
    [InlineData(FailureCode.UpstreamAuth, "upstream_auth")]
    [InlineData(FailureCode.UpstreamBalance, "upstream_balance")]
    [InlineData(FailureCode.UpstreamRateLimited, "upstream_rate_limited")]
    [InlineData(FailureCode.UpstreamUnavailable, "upstream_unavailable")]
    [InlineData(FailureCode.UpstreamTimeout, "upstream_timeout")]
    [InlineData(FailureCode.UpstreamUnreachable, "upstream_unreachable")]
    [InlineData(FailureCode.UpstreamBadAnswer, "upstream_bad_answer")]
    [InlineData(FailureCode.UpstreamRejected, "upstream_rejected")]
    [InlineData(FailureCode.UpstreamFailed, "upstream_failed")]
    [InlineData(FailureCode.UpstreamResultLost, "upstream_result_lost")]
    [InlineData(FailureCode.ModerationBlocked, "moderation_blocked")]
    public void The_stored_word_of_each_code_is_the_one_earlier_versions_wrote(FailureCode code, string word)
    {
        Assert.Equal(word, code.ToWire());
        Assert.True(FailureCodes.TryParse(word, out var parsed));
        Assert.Equal(code, parsed);
    }

    [Fact]
    public void Every_code_has_its_own_word()
    {
        var words = Enum.GetValues<FailureCode>().Select(c => c.ToWire()).ToList();

        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Enum.GetValues<FailureCode>(), c => Assert.Equal(c, FailureCodes.FromStored(c.ToWire())));
    }

    [Theory]
    [InlineData("upstream_error")]
    [InlineData("Timeout")]
    [InlineData("")]
    public void A_word_this_version_does_not_know_is_no_code_and_reads_back_as_an_internal_error(string word)
    {
        Assert.False(FailureCodes.TryParse(word, out _));
        Assert.Equal(FailureCode.InternalError, FailureCodes.FromStored(word));
    }
}
