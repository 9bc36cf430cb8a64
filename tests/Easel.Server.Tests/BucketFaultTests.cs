using Easel.Server.Tests.Support;
using Easel.TestServers;

namespace Easel.Server.Tests;

public sealed class BucketFaultTests
{
    [Fact]
    public async Task A_task_whose_result_cannot_be_stored_fails_with_its_reservation_released_and_nothing_charged()
    {
        var s3 = await S3Server.StartAsync(TestContext.Current.CancellationToken);
        await using var server = await EaselServer.StartAsync(settings:
        [
            ("Easel:Blobs:Provider", "s3"),
            ("Easel:Blobs:S3:ServiceUrl", s3.ServiceUrl.ToString()),
            ("Easel:Blobs:S3:Bucket", "results"),
            ("Easel:Blobs:S3:AccessKey", s3.AccessKey),
            ("Easel:Blobs:S3:SecretKey", s3.SecretKey),
            ("Easel:Blobs:S3:Region", s3.Region),
        ]);
        var tenant = await server.CreateTenantAsync(credits: 100);
        var stored = await tenant.WaitEndAsync(await tenant.SubmitOkAsync(Tenant.Submit(prompt: "while the bucket is there", quality: "medium")));
        Assert.Equal("finished", stored.GetProperty("status").GetString());

        await s3.DisposeAsync();
        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "after the bucket went away", quality: "medium"));
        var failed = await tenant.WaitEndAsync(taskId, seconds: 60);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal([("reserve", 3L), ("release", 3L)], await UpstreamChannels.TaskLedgerAsync(server, tenant.AccountId, taskId));
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal((97L, 0L), (account.GetProperty("balance").GetInt64(), account.GetProperty("reserved").GetInt64()));
    }
}
