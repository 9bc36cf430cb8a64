namespace Easel.Server.Operations;

/// <summary>
/// Starts the background work (dispatcher, sweeper, webhook sender, signal relay…) only once the server is listening, so a
/// busy port or a bad address stops Easel before any task is claimed. The host starts hosted services before Kestrel; the
/// ones registered so far are taken out and started from <see cref="IHostedLifecycleService.StartedAsync"/> instead.
/// </summary>
public static partial class BackgroundWork
{
    public static IServiceCollection StartAfterServerListens(this IServiceCollection services)
    {
        var registered = services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService).ToList();
        foreach (var descriptor in registered)
        {
            services.Remove(descriptor);
        }
        services.AddSingleton<IHostedService>(sp => new AfterListening(
            registered.Select(d => Resolve(sp, d)).ToList(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BackgroundWork).FullName!)));
        return services;
    }

    private static IHostedService Resolve(IServiceProvider sp, ServiceDescriptor d) => (IHostedService)(
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));

    private sealed class AfterListening(IReadOnlyList<IHostedService> services, IHostApplicationLifetime lifetime, ILogger logger) : IHostedLifecycleService
    {
        private readonly List<IHostedService> _started = [];

        public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;

        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task StartedAsync(CancellationToken ct)
        {
            foreach (var service in services)
            {
                await service.StartAsync(ct);
                _started.Add(service);
                if (service is BackgroundService { ExecuteTask: { } running })
                {
                    _ = WatchAsync(service.GetType().Name, running);
                }
            }
        }

        /// <summary>What the host does for the background services it starts itself: a crash stops Easel rather than leaving it half alive.</summary>
        private async Task WatchAsync(string service, Task running)
        {
            try
            {
                await running;
            }
            catch (Exception e)
            {
                if (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    ServiceFailed(logger, service, e);
                    lifetime.StopApplication();
                }
            }
        }

        public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;

        /// <summary>In reverse order, as the host stops its own; one that fails does not keep the others running.</summary>
        public async Task StopAsync(CancellationToken ct)
        {
            var failures = new List<Exception>();
            for (var i = _started.Count - 1; i >= 0; i--)
            {
                try
                {
                    await _started[i].StopAsync(ct);
                }
                catch (Exception e)
                {
                    // The host's own report of it is filtered out with its start-up noise (EaselApp).
                    ServiceFailedToStop(logger, _started[i].GetType().Name, e);
                    failures.Add(e);
                }
            }
            if (failures.Count > 0)
            {
                throw new AggregateException(failures);
            }
        }

        public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} failed; Easel stops")]
    private static partial void ServiceFailed(ILogger logger, string service, Exception failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service} failed to stop")]
    private static partial void ServiceFailedToStop(ILogger logger, string service, Exception failure);
}
