using System.Net;
using Easel.Server.Studio;

namespace Easel.Studio.Tests;

/// <summary>The Studio is served at <c>/</c> and its client routes, and shadows none of the APIs beside it.</summary>
public sealed class StudioRoutesTests(StudioHost host) : StudioTest(host)
{
    [Fact]
    public async Task Every_client_route_answers_the_studio_page_without_caching_it_stale()
    {
        using var client = Server.NewClient();
        foreach (var route in StudioPages.ClientRoutes)
        {
            var path = route.Replace("{taskId}", "task_x", StringComparison.Ordinal).Replace("{accountId}", "acct_x", StringComparison.Ordinal);
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Contains("<title>Easel Studio</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_studio_assets_are_served_with_their_types()
    {
        using var client = Server.NewClient();
        foreach (var (path, type) in new[] { ("/js/app.js", "text/javascript"), ("/css/studio.css", "text/css"), ("/favicon.svg", "image/svg+xml") })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/admin/no-such-route")]
    [InlineData("/v1/no-such-route")]
    [InlineData("/files/no-such-file.png")]
    [InlineData("/keys/more")]
    public async Task Paths_that_are_not_studio_routes_are_not_answered_with_the_page(string path)
    {
        using var client = Server.NewClient();
        using var response = await client.GetAsync(path);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_route_answers_only_reads()
    {
        using var client = Server.NewClient();
        using var response = await client.PostAsync("/keys", new StringContent("key=sk_live_x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task The_apis_beside_the_studio_still_answer_as_before()
    {
        using var client = Server.NewClient();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Contains("\"openapi\"", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        using var docs = await client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        using var account = await client.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, account.StatusCode);
        using var admin = await client.GetAsync("/admin/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
    }
}
