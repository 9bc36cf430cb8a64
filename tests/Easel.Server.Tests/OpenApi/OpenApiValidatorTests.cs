using System.Diagnostics;
using Easel.Server.Tests.Support;
using Easel.TestServers;

namespace Easel.Server.Tests.OpenApi;

/// <summary>The live document passes a real OpenAPI validator: Redocly's CLI from npm, its recommended rules, warnings as errors.</summary>
public sealed class OpenApiValidatorTests
{
    private const string RedoclyVersion = "2.77.0";

    [Fact]
    public async Task The_served_document_passes_redocly_lint()
    {
        var ct = TestContext.Current.CancellationToken;
        var redocly = NpmTool.Bin(await NpmTool.InstallAsync("redocly", "@redocly/cli", RedoclyVersion, ct), "redocly");
        var folder = Directory.CreateTempSubdirectory("easel-openapi-").FullName;
        try
        {
            await using (var server = await EaselServer.StartAsync())
            {
                using var client = server.NewClient();
                await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await client.GetStringAsync("/openapi/v1.json", ct), ct);
            }
            foreach (var config in new[] { "redocly.yaml", ".redocly.lint-ignore.yaml" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "OpenApi", config), Path.Combine(folder, config));
            }
            var lint = new ProcessStartInfo(redocly) { ArgumentList = { "lint", "openapi.json", "--format=stylish" }, WorkingDirectory = folder };
            lint.Environment["REDOCLY_TELEMETRY"] = "off";
            lint.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

            var (exitCode, output) = await NpmTool.RunAsync(lint, ct);

            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{output}");
            Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
