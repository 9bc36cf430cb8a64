using System.ComponentModel.DataAnnotations;
using Easel.Core;
using Easel.Engine;
using Easel.Engine.Channels;
using Easel.Engine.Outbound;
using Easel.Engine.Signals;
using Easel.Engine.Webhooks;
using Easel.Providers.Sandbox;
using Easel.Server.Accounts;
using Easel.Server.Admin;
using Easel.Server.Channels;
using Easel.Server.Dialects;
using Easel.Server.Dialects.GptImage2Ai;
using Easel.Server.Dialects.OpenAi;
using Easel.Server.Dialects.Unified;
using Easel.Server.Dialects.YyCode;
using Easel.Server.Files;
using Easel.Server.Http;
using Easel.Server.OpenApi;
using Easel.Server.Operations;
using Easel.Server.Studio;
using Easel.Store;
using Microsoft.Extensions.Options;

namespace Easel.Server;

/// <summary>Builds the Easel host: configuration, the embedded store, the engine and every API.</summary>
public static class EaselApp
{
    /// <param name="clock">The time source for everything; tests pass a manual one.</param>
    /// <param name="configure">Lets tests add or replace services before the host is built.</param>
    public static async Task<WebApplication> CreateAsync(string[] args, TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null)
    {
        clock ??= TimeProvider.System;
        // Named, so a host started inside another program (a test) still finds the Studio's asset manifests.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(EaselApp).Assembly.GetName().Name });
        builder.UseStudioAssets();
        // Type=notify and journald log levels under systemd; nothing changes elsewhere.
        builder.Services.AddSystemd();
        // Request lines carry signed file URLs: the hosting diagnostics that log them stay off.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // A server that cannot start (a busy port) is reported by Program in one line; the host's own report is a stack trace.
        // A background service that crashes or fails to stop is still logged, by BackgroundWork.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var section = builder.Configuration.GetSection(EaselOptions.Section);
        var options = SettingsReader.Read<EaselOptions>(section);
        var sandbox = SettingsReader.Read<SandboxOptions>(section.GetSection(SandboxSection));
        var channels = ChannelSetup.Effective(options, builder.Configuration);
        var gptImage2Ai = SettingsReader.Read<GptImage2AiOptions>(section.GetSection(GptImage2AiOptions.Section));
        Validate(options, sandbox, gptImage2Ai, ChannelSetup.Problems(channels));
        ListenAddresses.Check(builder.Configuration);

        var dataDir = Path.GetFullPath(options.DataDir);
        if (Storage.UsesDataDir(options))
        {
            DataFolder.Prepare(dataDir);
        }
        var store = Storage.Open(options, dataDir, clock);
        var secrets = await Bootstrap.PrepareAsync(store, options, CancellationToken.None);

        var services = builder.Services;
        services.AddOptions<EaselOptions>().Bind(section);
        services.AddSingleton(clock);
        // Made by a factory, so the container disposes it when the host stops.
        services.AddSingleton(_ => store);
        var blobs = await Storage.OpenBlobsAsync(options, dataDir);
        services.AddSingleton(_ => blobs);
        services.AddSingleton(new FileUrls(secrets.FileSigningKey));
        services.AddSingleton(new AdminKeyHash(secrets.AdminKeyHash));
        services.AddChannelClients(channels);
        services.AddSingleton(sp => ChannelSetup.Build(sp, channels, new SandboxProvider(sandbox, sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<ChannelRouter>();
        services.AddSignals(options);
        services.AddSingleton<TaskSignals>();
        services.AddSingleton<RunningTasks>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<InputImageStore>();
        services.Configure<GptImage2AiOptions>(section.GetSection(GptImage2AiOptions.Section));
        services.AddSingleton<IReferenceFetcher, HttpReferenceFetcher>();
        var outbound = new OutboundPolicy(options.Security);
        services.AddSingleton(outbound);
        services.AddSingleton<OutboundTargets>();
        services.AddHttpClient(HttpReferenceFetcher.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => SafeHttp.CreateHandler(outbound));
        // The sender enforces its own timeout per attempt.
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => SafeHttp.CreateHandler(outbound));
        services.AddSingleton<CallerAuth>();
        services.AddSingleton<Idempotency>();
        services.AddSingleton<SubmittingPost>();
        services.AddSingleton<OpenAiAnswer>();
        services.AddSingleton<PublicBase>();
        if (options.RunsWorker)
        {
            services.AddSingleton<TaskDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<TaskDispatcher>());
            services.AddSingleton<ExpirySweeper>();
            services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
            services.AddHostedService<WebhookSender>();
            services.AddHostedService<ChannelHealthPublisher>();
        }
        // Answers are serialized by each dialect's own context; these options only shape the OpenAPI document's schemas of the
        // types routes declare (native, account and admin answers: snake_case, numbers as numbers).
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddEaselOpenApi();
        builder.AddEaselTelemetry(options);
        configure?.Invoke(builder);
        services.StartAfterServerListens();

        var app = builder.Build();
        UnknownSettings.Warn(UnknownSettings.Find(section, typeof(EaselOptions), KnownSections), app.Logger);
        app.UseExceptionHandler(failed => failed.Run(context => UnexpectedError(context).ExecuteAsync(context)));
        app.UseEaselTelemetry(options);
        app.UseDialectFallback();
        app.MapHealthApi();
        if (options.RunsApi)
        {
            app.MapOpenApi();
            app.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = "docs";
                ui.SwaggerEndpoint("/openapi/v1.json", "Easel");
            });
            // Any route of a dialect may fail unexpectedly (500) or find its database unreachable (503, UnexpectedError).
            var routes = app.MapGroup("").Refuses(500, 503);
            routes.MapUnifiedApi();
            routes.MapUnifiedTasksApi();
            routes.MapKeysApi();
            routes.MapWebhookApi();
            routes.MapUsageApi();
            routes.MapGptImage2AiApi();
            routes.MapYyCodeApi();
            routes.MapOpenAiApi();
            routes.MapOpenAiModels();
            routes.MapAdminApi();
            routes.MapFileApi();
            app.MapStudio();
        }

        if (secrets.NewAdminKey is not null)
        {
            // Printed once, on the console only: the store keeps just its hash.
            Console.WriteLine($"Easel admin key (shown once, keep it safe): {secrets.NewAdminKey}");
        }
        return app;
    }

    private const string SandboxSection = "Sandbox";

    /// <summary>The sections under <c>Easel:</c> bound on their own rather than as properties of <see cref="EaselOptions"/>.</summary>
    private static readonly Dictionary<string, Type> KnownSections = new(StringComparer.OrdinalIgnoreCase)
    {
        [SandboxSection] = typeof(SandboxOptions),
        [GptImage2AiOptions.Section] = typeof(GptImage2AiOptions),
    };

    /// <summary>
    /// An unexpected failure, in the shape of the dialect whose route was called: 503 when the database could not be reached
    /// (its transaction never committed, so nothing changed), 500 otherwise.
    /// </summary>
    private static JsonReply UnexpectedError(HttpContext context)
    {
        var failure = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        var error = failure is System.Data.Common.DbException
            ? new RequestError(ErrorKind.Unavailable, "the service cannot reach its database now; nothing was changed, try again shortly", RetryAfterSeconds: 5)
            : new RequestError(ErrorKind.Internal, "internal error");
        return (ErrorShapes.Of(context.Request.Path.Value ?? "") ?? ErrorShapes.Native).Render(error);
    }

    private static void Validate(EaselOptions options, SandboxOptions sandbox, GptImage2AiOptions gptImage2Ai, IEnumerable<string> channelProblems)
    {
        var problems = channelProblems.Select(p => new ValidationResult(p)).ToList();
        foreach (var target in new object[] { options, options.Security, options.Engine, options.Webhooks, options.Routing, sandbox })
        {
            Validator.TryValidateObject(target, new ValidationContext(target), problems, validateAllProperties: true);
        }
        foreach (var problem in new[] { options.Prices.Check(), options.Webhooks.Check(), options.Security.Check(), options.Metrics.Check(), options.Otlp.Check(), ModelNames.Check(options.Models.Aliases), Storage.Check(options.Store), Storage.Check(options.Blobs), options.CheckRoles() }.OfType<string>())
        {
            problems.Add(new ValidationResult(problem));
        }
        if (!Qualities.TryParse(gptImage2Ai.Quality, allowAliases: false, out _))
        {
            problems.Add(new ValidationResult("Easel:GptImage2Ai:Quality must be low, medium, high or auto"));
        }
        if (options.PublicBaseUrl is { } publicBase && !GenerationRules.IsHttpUrl(publicBase))
        {
            problems.Add(new ValidationResult("Easel:PublicBaseUrl must be an absolute http or https URL"));
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(EaselOptions.Section, typeof(EaselOptions),
                problems.Select(p => $"Easel configuration: {p.ErrorMessage} ({string.Join(", ", p.MemberNames)})"));
        }
    }
}
