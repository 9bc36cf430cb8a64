using Easel.Imaging;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>With private networks off (the default), nothing a client sends can make Easel connect to a private address (SPEC §9).</summary>
public sealed class OutboundSafetyTests
{
    public static TheoryData<string> BlockedUrls =>
    [
        "http://127.0.0.1/x.png",
        "http://127.1.2.3:8080/x.png",
        "http://10.0.0.7/x.png",
        "http://172.20.1.1/x.png",
        "http://192.168.0.1/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/x.png",
        "http://0.0.0.0/x.png",
        "http://224.0.0.1/x.png",
        "http://2130706433/x.png",
        "http://[::1]/x.png",
        "http://[::ffff:127.0.0.1]/x.png",
        "http://[::ffff:169.254.169.254]/x.png",
        "http://[fe80::1]/x.png",
        "http://[fc00::1]/x.png",
        "http://[::]/x.png",
        "http://[64:ff9b::a00:1]/x.png",
        "http://localhost/x.png",
    ];

    [Theory]
    [MemberData(nameof(BlockedUrls))]
    public async Task A_callback_url_at_a_private_address_is_refused_and_changes_nothing(string url)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(callbackUrl: url));

        EnvelopeAssert.Error(url, status, body, 400, "invalid_request_error", "callback_url refused");
        await EnvelopeAssert.UntouchedAsync(url, server, tenant.AccountId, 100);
    }

    [Theory]
    [MemberData(nameof(BlockedUrls))]
    public async Task An_image_url_at_a_private_address_is_refused_and_changes_nothing(string url)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: ["https://example.com/ok.png", url]));

        EnvelopeAssert.Error(url, status, body, 400, "invalid_request_error", "image URL refused");
        await EnvelopeAssert.UntouchedAsync(url, server, tenant.AccountId, 100);
    }

    [Theory]
    [InlineData("ftp://example.com/x.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    public async Task Only_http_and_https_callbacks_are_accepted(string url)
    {
        await using var server = await EaselServer.StartAsync();
        var tenant = await server.CreateTenantAsync(credits: 100);

        var (status, body) = await tenant.SubmitAsync(Tenant.Submit(callbackUrl: url));

        EnvelopeAssert.Error(url, status, body, 400, "invalid_request_error", "callback_url");
        await EnvelopeAssert.UntouchedAsync(url, server, tenant.AccountId, 100);
    }

    [Fact]
    public async Task A_reference_that_redirects_to_a_private_address_fails_the_task_without_charge()
    {
        using var metadata = new ScriptedServer(_ => new ScriptedAnswer(200, PngCodec.Encode(new RgbaImage(8, 8), withAlpha: false), "image/png"));
        using var host = new ScriptedServer(_ => new ScriptedAnswer(302, Location: $"http://[::ffff:169.254.169.254]:{metadata.Port}/latest"));
        // The operator allows this one loopback host, as if it were an internal CDN: the redirect target is still private.
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Security:AllowedNetworks:0", "127.0.0.1/32"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [host.Url("/cat.png")]));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Contains("refused", done.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Single(host.Received);
        Assert.Empty(metadata.Received);
        Assert.Equal((100, 0), await BalanceAsync(server, tenant));
    }

    [Fact]
    public async Task A_reference_over_the_size_cap_fails_the_task_without_charge()
    {
        using var host = new ScriptedServer(_ => new ScriptedAnswer(200, new byte[2 * 1024 * 1024], "image/png"));
        await using var server = await EaselServer.StartAsync(settings: [("Easel:Security:AllowPrivateNetworks", "true"), ("Easel:Security:MaxReferenceMegabytes", "1")]);
        var tenant = await server.CreateTenantAsync(credits: 100);

        var taskId = await tenant.SubmitOkAsync(Tenant.Submit(model: "gpt-image-2-edit", imageUrls: [host.Url("/big.png")]));
        var done = await tenant.WaitEndAsync(taskId);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Contains("larger than 1 MB", done.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal((100, 0), await BalanceAsync(server, tenant));
    }

    [Fact]
    public async Task An_allowed_network_lets_a_callback_reach_it()
    {
        using var receiver = new ScriptedServer();
        await using var server = await EaselServer.StartAsync(settings: ("Easel:Security:AllowedNetworks:0", "127.0.0.0/8"));
        var tenant = await server.CreateTenantAsync(credits: 100);

        await tenant.SubmitOkAsync(Tenant.Submit(callbackUrl: receiver.Url()));

        Assert.Single(await receiver.WaitForAsync(1));
    }

    private static async Task<(long Balance, long Reserved)> BalanceAsync(EaselServer server, Tenant tenant)
    {
        var account = await server.AccountAsync(tenant.AccountId);
        return (account.GetProperty("balance").GetInt64(), account.GetProperty("reserved").GetInt64());
    }
}
