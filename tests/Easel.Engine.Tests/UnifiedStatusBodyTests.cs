using System.Text;
using Easel.Core;
using Easel.Engine.Unified;

namespace Easel.Engine.Tests;

/// <summary>The native status body, byte for byte: what the status route answers and what every webhook carries.</summary>
public sealed class UnifiedStatusBodyTests
{
    private static readonly FileUrls Urls = new(FileUrlsTests.Key);

    private static readonly TaskRecord Finished = new(
        "task_1", "acct_1", "key_1", "unified", GenerationModel.Generate, TaskState.Succeeded, Test: false, Reserved: 3, Captured: 3, Progress: 40,
        ErrorCode: null, ErrorMessage: null, Files: [FileUrlsTests.File], Attempts: 1, LeaseOwner: null,
        CreatedAt: new DateTimeOffset(2031, 5, 6, 12, 0, 0, 500, TimeSpan.Zero), StartedAt: null, FinishedAt: null);

    [Fact]
    public void A_finished_task_renders_its_signed_links_unescaped_at_progress_100_in_the_envelope()
    {
        var body = Encoding.UTF8.GetString(UnifiedStatusBody.Render(Finished, Urls, "https://easel.example"));

        Assert.Equal(
            "{\"code\":200,\"data\":{\"task_id\":\"task_1\",\"status\":\"finished\",\"progress\":100,\"files\":[{\"file_url\":"
            + $"\"https://easel.example/files/file_abc.png?exp=1900000000&sig={FileUrlsTests.KnownSignature}\",\"file_type\":\"image\"}}],"
            + "\"created_time\":\"2031-05-06T12:00:00Z\",\"error_message\":null}}",
            body);
    }

    [Fact]
    public void A_canceled_task_is_failed_with_canceled_as_its_message()
    {
        var canceled = Finished with { State = TaskState.Canceled, Files = [], ErrorCode = FailureCode.Canceled, ErrorMessage = "canceled by the client" };

        var status = UnifiedStatusBody.Of(canceled, Urls, "https://easel.example");

        Assert.Equal(("failed", 100, "canceled", 0), (status.Status, status.Progress, status.ErrorMessage, status.Files.Count));
    }

    [Fact]
    public void A_queued_test_task_shows_its_progress_and_says_it_is_a_test()
    {
        var queued = Finished with { State = TaskState.Queued, Files = [], Test = true, Progress = 0 };

        var body = Encoding.UTF8.GetString(UnifiedStatusBody.Render(queued, Urls, "https://easel.example"));

        Assert.Contains("\"status\":\"not_started\",\"progress\":0,\"files\":[]", body, StringComparison.Ordinal);
        Assert.EndsWith("\"error_message\":null,\"test\":true}}", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not_started", new[] { TaskState.Queued })]
    [InlineData("running", new[] { TaskState.Running })]
    [InlineData("finished", new[] { TaskState.Succeeded })]
    [InlineData("failed", new[] { TaskState.Failed, TaskState.Canceled })]
    public void Every_status_word_reads_back_as_the_states_that_show_it(string word, TaskState[] states)
    {
        Assert.True(UnifiedStatusBody.TryParseStatusWord(word, out var parsed));
        Assert.Equal(states, parsed);
        Assert.All(states, s => Assert.Equal(word, UnifiedStatusBody.StatusWord(s)));
        Assert.False(UnifiedStatusBody.TryParseStatusWord("done", out _));
    }
}
