using System.Collections.Frozen;

namespace Easel.Core;

/// <summary>Why a task ended without images: every code Easel writes. Each dialect words them in its own table.</summary>
public enum FailureCode
{
    /// <summary>Easel itself failed; also what a stored word this version does not know reads as.</summary>
    InternalError,

    /// <summary>The task did not finish within the engine's time limit.</summary>
    Timeout,

    /// <summary>The task's runs were cut off (process deaths, shutdowns) more times than the engine allows.</summary>
    Interrupted,

    /// <summary>A reference image could not be fetched or decoded: the request's fault.</summary>
    InvalidReferenceImage,

    /// <summary>The client canceled the task.</summary>
    Canceled,

    /// <summary>The lease went to another node, or the task ended meanwhile.</summary>
    LeaseLost,

    /// <summary>No channel was left to try.</summary>
    NoChannel,

    /// <summary>The sandbox failed on purpose (its configured failure rate).</summary>
    SandboxFailure,

    /// <summary>The upstream refused the channel's credentials (401, 403).</summary>
    UpstreamAuth,

    /// <summary>The upstream account is out of balance (402).</summary>
    UpstreamBalance,

    /// <summary>The upstream asked to slow down (429).</summary>
    UpstreamRateLimited,

    /// <summary>The upstream is unavailable (408, 5xx), or its channel's breaker is open.</summary>
    UpstreamUnavailable,

    /// <summary>The upstream did not answer in time, or its job did not finish within the poll ceiling.</summary>
    UpstreamTimeout,

    /// <summary>The upstream could not be reached.</summary>
    UpstreamUnreachable,

    /// <summary>The upstream's answer could not be read.</summary>
    UpstreamBadAnswer,

    /// <summary>The upstream rejected the request (its other 4xx).</summary>
    UpstreamRejected,

    /// <summary>The upstream accepted the job and then reported it failed, or lost it.</summary>
    UpstreamFailed,

    /// <summary>The upstream finished the job but its result could not be downloaded.</summary>
    UpstreamResultLost,

    /// <summary>The upstream's content moderation blocked the request.</summary>
    ModerationBlocked,
}

public static class FailureCodes
{
    private static readonly FrozenDictionary<string, FailureCode> ByWord =
        Enum.GetValues<FailureCode>().ToFrozenDictionary(ToWire, StringComparer.Ordinal);

    /// <summary>The word stored for the code, and the one dialects without a table of their own show.</summary>
    public static string ToWire(this FailureCode code) => code switch
    {
        FailureCode.InternalError => "internal_error",
        FailureCode.Timeout => "timeout",
        FailureCode.Interrupted => "interrupted",
        FailureCode.InvalidReferenceImage => "invalid_reference_image",
        FailureCode.Canceled => "canceled",
        FailureCode.LeaseLost => "lease_lost",
        FailureCode.NoChannel => "no_channel",
        FailureCode.SandboxFailure => "sandbox_failure",
        FailureCode.UpstreamAuth => "upstream_auth",
        FailureCode.UpstreamBalance => "upstream_balance",
        FailureCode.UpstreamRateLimited => "upstream_rate_limited",
        FailureCode.UpstreamUnavailable => "upstream_unavailable",
        FailureCode.UpstreamTimeout => "upstream_timeout",
        FailureCode.UpstreamUnreachable => "upstream_unreachable",
        FailureCode.UpstreamBadAnswer => "upstream_bad_answer",
        FailureCode.UpstreamRejected => "upstream_rejected",
        FailureCode.UpstreamFailed => "upstream_failed",
        FailureCode.UpstreamResultLost => "upstream_result_lost",
        FailureCode.ModerationBlocked => "moderation_blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a failure code"),
    };

    public static bool TryParse(string? text, out FailureCode code) => ByWord.TryGetValue(text ?? "", out code);

    /// <summary>A stored word; one this version does not know (an older or newer Easel wrote it) reads as an internal error.</summary>
    public static FailureCode FromStored(string text) => TryParse(text, out var code) ? code : FailureCode.InternalError;
}
