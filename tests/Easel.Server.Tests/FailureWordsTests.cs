using Easel.Core;
using Easel.Server.Dialects.GptImage2Ai;
using Easel.Server.Dialects.OpenAi;
using Easel.Server.Dialects.YyCode;
using Easel.Server.Tests.Support;
using Easel.Store;

namespace Easel.Server.Tests;

/// <summary>Each dialect's words for a task that ended without images (SPEC §5, §6, §7), for every failure code Easel writes.</summary>
public sealed class FailureWordsTests
{
    public static TheoryData<FailureCode> Codes => [.. Enum.GetValues<FailureCode>()];

    [Theory]
    [MemberData(nameof(Codes))]
    public void GptImage2Ai_names_a_failure_only_with_the_codes_its_clients_know(FailureCode code)
    {
        var word = GptImage2AiFailures.ErrorWord(Ended(TaskState.Failed, code));

        var expected = code switch
        {
            FailureCode.Timeout => "timeout",
            FailureCode.InvalidReferenceImage => "invalid_reference_image",
            FailureCode.Canceled => "canceled",
            _ => "upstream_failed",
        };
        Assert.Equal(expected, word);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void YyCode_shows_each_failure_with_its_stored_word_and_message(FailureCode code)
    {
        Assert.Equal(("boom", code.ToWire()), YyCodeFailures.ErrorOf(Ended(TaskState.Failed, code)));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void OpenAi_answers_a_timeout_504_a_bad_input_image_400_and_any_other_failure_500_with_its_word(FailureCode code)
    {
        var (status, error) = OpenAiFailures.Of(Ended(TaskState.Failed, code));

        var expected = code switch
        {
            FailureCode.Timeout or FailureCode.Canceled => (504, ErrorKind.Internal, null, "timeout"),
            FailureCode.InvalidReferenceImage => (400, ErrorKind.InvalidRequest, "image", "invalid_image"),
            _ => (500, ErrorKind.Internal, (string?)null, code.ToWire()),
        };
        Assert.Equal(expected, (status, error.Kind, error.Param, error.Code));
    }

    [Fact]
    public void A_canceled_task_reads_as_canceled_or_as_a_timeout_whatever_its_code()
    {
        var canceled = Ended(TaskState.Canceled, null);

        Assert.Equal("canceled", GptImage2AiFailures.ErrorWord(canceled));
        Assert.Equal(("the job was canceled before it finished; nothing was charged", "canceled"), YyCodeFailures.ErrorOf(canceled));
        var (status, error) = OpenAiFailures.Of(canceled);
        Assert.Equal((504, "timeout", "the image was not ready in time; nothing was charged"), (status, error.Code, error.Message));
    }

    [Fact]
    public void A_failed_task_without_a_code_still_gets_each_dialects_generic_word()
    {
        var failed = Ended(TaskState.Failed, null) with { ErrorMessage = null };

        Assert.Equal("upstream_failed", GptImage2AiFailures.ErrorWord(failed));
        Assert.Equal(("the job failed", "failed"), YyCodeFailures.ErrorOf(failed));
        var (status, error) = OpenAiFailures.Of(failed);
        Assert.Equal((500, null, "the image could not be generated; nothing was charged"), (status, error.Code, error.Message));
    }

    [Fact]
    public async Task A_sandbox_failure_reaches_each_dialect_in_its_own_words()
    {
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Sandbox:FailureRate", "1"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (openAiStatus, openAi, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/v1/images/generations", """{"prompt":"a lighthouse"}""");
        var (yyCodeStatus, yyCode, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/images/generate", """{"model":"gpt-image-2","prompt":"a lighthouse"}""");
        var (created, job, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Post, "/api/generate", """{"prompt":"a lighthouse"}""");
        Assert.True(created == 202, $"create answered {created}: {job}");
        var gptImage2Ai = await WaitForJobAsync(tenant, job.GetProperty("jobId").GetString()!);

        var openAiError = openAi.GetProperty("error");
        Assert.Equal((500, "server_error", "sandbox_failure"), (openAiStatus, openAiError.GetProperty("type").GetString(), openAiError.GetProperty("code").GetString()));
        Assert.Contains("FailureRate", openAiError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((502, false, "failed", "sandbox_failure"),
            (yyCodeStatus, yyCode.GetProperty("ok").GetBoolean(), yyCode.GetProperty("status").GetString(), yyCode.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(("failed", "upstream_failed"), (gptImage2Ai.GetProperty("status").GetString(), gptImage2Ai.GetProperty("error").GetString()));
    }

    private static async Task<System.Text.Json.JsonElement> WaitForJobAsync(Tenant tenant, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, body, _) = await EaselServer.SendAsync(tenant.Client, HttpMethod.Get, $"/api/generate/{jobId}");
            if (status != 202 || DateTime.UtcNow > deadline)
            {
                return body;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static TaskRecord Ended(TaskState state, FailureCode? code) => new(
        "task_test", "acct_test", "key_test", "unified", GenerationModel.Generate, state, Test: false, Reserved: 0, Captured: 0, Progress: 100,
        code, "boom", [], Attempts: 1, LeaseOwner: null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
