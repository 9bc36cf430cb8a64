using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>One Easel using another as its upstream, through the other's public dialect.</summary>
public sealed class ChainTests
{
    [Theory]
    [InlineData("unified")]
    [InlineData("gptimage2ai")]
    [InlineData("yycode")]
    public async Task An_Easel_using_another_as_its_upstream_delivers_the_inner_image_and_both_charge_once(string type)
    {
        await using var inner = await EaselServer.StartAsync();
        var innerTenant = await inner.CreateTenantAsync(100);
        await using var outer = await EaselServer.StartAsync(settings: UpstreamChannels.Of("inner", type, inner.BaseAddress, key: innerTenant.Key));
        var tenant = await outer.CreateTenantAsync(100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "a lighthouse at dusk", quality: "medium", size: "16:9", resolution: "1K"));
        var status = await tenant.WaitEndAsync(taskId);

        Assert.Equal("finished", status.GetProperty("status").GetString());
        var file = status.GetProperty("files")[0].GetProperty("file_url").GetString()!;
        var bytes = await tenant.Client.GetByteArrayAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal((1360, 768), Easel.Imaging.PngCodec.ReadSize(bytes));
        Assert.Equal([("reserve", 3L), ("capture", 3L)], await UpstreamChannels.TaskLedgerAsync(outer, tenant.AccountId, taskId));
        var innerTasks = System.Text.Json.JsonDocument.Parse(await inner.Admin.GetStringAsync($"/admin/tasks?account={innerTenant.AccountId}")).RootElement.GetProperty("tasks");
        var innerTask = Assert.Single(innerTasks.EnumerateArray());
        Assert.Equal(("succeeded", 3L), (innerTask.GetProperty("state").GetString(), innerTask.GetProperty("captured").GetInt64()));
    }
}
