using Easel.Client;
using Easel.Client.Http;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="EaselClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class EaselServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EaselClient"/> as a typed client of <c>IHttpClientFactory</c>, with the client's retries as a resilience
    /// handler (Microsoft.Extensions.Http.Resilience). Inject <see cref="EaselClient"/> where you need it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the base URL, the key and the other <see cref="EaselClientOptions"/>.</param>
    /// <returns>The client's builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddEaselClient(this IServiceCollection services, Action<EaselClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        var builder = services.AddHttpClient(nameof(EaselClient), (provider, http) => http.Timeout = OptionsOf(provider).Timeout)
            .AddTypedClient((http, provider) => new EaselClient(http, OptionsOf(provider)));
        builder.AddResilienceHandler("easel", (pipeline, context) => pipeline.AddRetry(RetryPolicy.Options(OptionsOf(context.ServiceProvider))));
        return builder;
    }

    private static EaselClientOptions OptionsOf(IServiceProvider provider) => provider.GetRequiredService<IOptions<EaselClientOptions>>().Value;
}
