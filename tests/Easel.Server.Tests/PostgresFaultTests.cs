using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Easel.Server.Tests.Support;
using Easel.TestServers;

namespace Easel.Server.Tests;

public sealed class PostgresFaultTests
{
    [Fact]
    public async Task Easel_exits_with_1_and_says_why_when_PostgreSQL_cannot_be_reached_at_start()
    {
        var closedPort = ClosedPort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Easel.Server.dll"), "--urls", "http://127.0.0.1:0",
            "--Easel:Store:Provider=postgres", $"--Easel:Store:ConnectionString=Host=127.0.0.1;Port={closedPort};Username=easel;Password=hunter2;Database=books;Timeout=3",
        })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var said = await stderr;
        Assert.Contains($"Easel cannot start: the PostgreSQL database books at 127.0.0.1:{closedPort} could not be opened", said, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", said + await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_readyz_and_submits_answer_503_and_nothing_changes_then_service_resumes()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Store:Provider", "postgres"), ("Easel:Store:ConnectionString", database)]);
        var tenant = await server.CreateTenantAsync(credits: 100);
        var before = await tenant.SubmitOkAsync(Tenant.Submit(prompt: "before the outage"));
        await tenant.WaitEndAsync(before);
        using var probe = server.NewClient();

        await postgres.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/readyz")).StatusCode);
        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(prompt: "during the outage"));
        Assert.Equal(503, status);
        Assert.Equal("service_unavailable", body.GetProperty("error").GetProperty("type").GetString());

        await postgres.RestartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await probe.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "Easel did not become ready again after PostgreSQL came back");
            await Task.Delay(100);
        }
        string? after = null;
        while (after is null)
        {
            var (again, answer) = await tenant.SubmitAsync(Tenant.Submit(prompt: "after the outage"));
            Assert.True(again is 200 or 503, $"submit answered {again}: {answer}");
            after = again == 200 ? answer.GetProperty("data").GetProperty("task_id").GetString() : null;
            Assert.True(DateTime.UtcNow < deadline, "submits did not recover");
        }
        Assert.Equal("finished", (await tenant.WaitEndAsync(after)).GetProperty("status").GetString());
        Assert.Equal(2, await server.TaskCountAsync(tenant.AccountId));
        var account = await server.AccountAsync(tenant.AccountId);
        Assert.Equal(98, account.GetProperty("balance").GetInt64());
        Assert.Equal(0, account.GetProperty("reserved").GetInt64());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
