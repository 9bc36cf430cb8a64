using System.Diagnostics.Metrics;
using Easel.Core;
using Easel.Store;

namespace Easel.Engine.Telemetry;

/// <summary>
/// Easel's own instruments, recorded where each event happens; exported on <c>/metrics</c> as <c>easel_…</c> (SPEC §14).
/// Tags carry only bounded words: a dialect, a model, a task state, a channel's configured name, an outcome class, a blob
/// kind. Never a key, a prompt, an account, a task id or a URL.
/// </summary>
public sealed class EaselMetrics
{
    public const string MeterName = "Easel";

    /// <summary>Seconds, from a fast sandbox task to a slow upstream's ten minutes.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    };

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _queued;
    private readonly Histogram<double> _endToEnd;
    private readonly Counter<long> _upstreamCalls;
    private readonly Histogram<double> _upstreamTime;
    private readonly Counter<long> _webhookAttempts;
    private readonly Counter<long> _reserved;
    private readonly Counter<long> _captured;
    private readonly Counter<long> _released;
    private readonly Counter<long> _stored;

    public EaselMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _submitted = Meter.CreateCounter<long>("easel.tasks.submitted", "{task}", "Tasks accepted and queued, by dialect and model");
        _ended = Meter.CreateCounter<long>("easel.tasks.ended", "{task}", "Tasks that ended, by dialect, model, state and the channel that ended them");
        _queued = Meter.CreateHistogram("easel.task.queued.duration", "s", "From submit to the first start of the task", advice: Seconds);
        _endToEnd = Meter.CreateHistogram("easel.task.duration", "s", "From submit to the task's end", advice: Seconds);
        _upstreamCalls = Meter.CreateCounter<long>("easel.upstream.calls", "{call}", "Calls to a channel's provider, by channel and outcome class");
        _upstreamTime = Meter.CreateHistogram("easel.upstream.duration", "s", "How long a channel's provider took to answer", advice: Seconds);
        _webhookAttempts = Meter.CreateCounter<long>("easel.webhook.attempts", "{attempt}", "Webhook attempts, by the delivery's state after them");
        _reserved = Meter.CreateCounter<long>("easel.credits.reserved", "{credit}", "Credits reserved at submit");
        _captured = Meter.CreateCounter<long>("easel.credits.captured", "{credit}", "Credits charged for succeeded tasks");
        _released = Meter.CreateCounter<long>("easel.credits.released", "{credit}", "Reserved credits given back (failed, canceled, or charged at less)");
        _stored = Meter.CreateCounter<long>("easel.stored", "By", "Bytes written to blob storage and kept: output images and uploaded inputs");
    }

    public Meter Meter { get; }

    public void Submitted(TaskRecord task)
    {
        _submitted.Add(1, Tag.Dialect(task.Dialect), Tag.Model(task.Model));
        if (task.Reserved > 0)
        {
            _reserved.Add(task.Reserved);
        }
    }

    /// <summary>A task's first start; a task taken up again after a crash was already counted.</summary>
    public void Started(TaskRecord task, DateTimeOffset now)
    {
        if (task.Attempts <= 1)
        {
            _queued.Record(Elapsed(task.CreatedAt, now), Tag.Model(task.Model));
        }
    }

    /// <param name="captured">What was charged; the rest of the reservation was released.</param>
    public void Ended(TaskRecord task, TaskState state, string? channel, long captured, DateTimeOffset now)
    {
        _ended.Add(1, Tag.Dialect(task.Dialect), Tag.Model(task.Model), new("state", state.ToWire()), Tag.Channel(channel));
        _endToEnd.Record(Elapsed(task.CreatedAt, now), Tag.Model(task.Model), new("state", state.ToWire()));
        if (captured > 0)
        {
            _captured.Add(captured);
        }
        if (task.Reserved - captured > 0)
        {
            _released.Add(task.Reserved - captured);
        }
    }

    /// <param name="outcome">An <see cref="UpstreamOutcomes"/> word.</param>
    public void UpstreamCalled(string channel, string outcome, TimeSpan took)
    {
        _upstreamCalls.Add(1, Tag.Channel(channel), new("outcome", outcome));
        _upstreamTime.Record(took.TotalSeconds, Tag.Channel(channel), new("outcome", outcome));
    }

    /// <param name="state">The delivery's <see cref="WebhookStates"/> after the attempt.</param>
    public void WebhookAttempted(string state) => _webhookAttempts.Add(1, new KeyValuePair<string, object?>("state", state));

    /// <param name="kind"><c>image</c> or <c>input</c>.</param>
    public void Stored(string kind, long bytes) => _stored.Add(bytes, new KeyValuePair<string, object?>("kind", kind));

    private static double Elapsed(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);

    private static class Tag
    {
        public static KeyValuePair<string, object?> Dialect(string dialect) => new("dialect", dialect);

        public static KeyValuePair<string, object?> Model(GenerationModel model) => new("model", model.ToWire());

        /// <summary>No channel: the task ended before one answered (canceled, timed out, none available).</summary>
        public static KeyValuePair<string, object?> Channel(string? channel) => new("channel", channel ?? "none");
    }
}

/// <summary>How a call to a channel's provider went, as the <c>outcome</c> tag says it.</summary>
public static class UpstreamOutcomes
{
    public const string Succeeded = "succeeded";

    /// <summary>A failure that may go to another channel (SPEC §10): it counts against the channel's breaker.</summary>
    public const string Retryable = "retryable_error";

    public const string Failed = "error";

    /// <summary>Ended without an answer about the channel: canceled, the lease lost, or Easel's own fault.</summary>
    public const string Abandoned = "abandoned";

    public static string Of(ProviderOutcome outcome) => outcome switch
    {
        ProviderOutcome.Succeeded => Succeeded,
        ProviderOutcome.Failed { Retryable: true } => Retryable,
        _ => Failed,
    };
}
