using Easel.Server;
using Easel.Server.Backup;
using Easel.Server.MoveUp;
using Easel.Server.Operations;
using Microsoft.Extensions.Options;

if (MoveUpCommand.IsInvoked(args))
{
    return await MoveUpCommand.RunAsync(args);
}
if (BackupCommand.IsInvoked(args))
{
    return await BackupCommand.RunAsync(args);
}
if (HealthCheckCommand.IsInvoked(args))
{
    return await HealthCheckCommand.RunAsync(args);
}

WebApplication app;
try
{
    app = await EaselApp.CreateAsync(args);
}
catch (Exception e) when (e is StartupException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Easel cannot start: {e.Message}");
    return 1;
}
try
{
    await app.StartAsync();
}
catch (Exception e) when (ServerStart.IsRefusal(e))
{
    // Nothing in the background has started: it waits for the server to listen (BackgroundWork).
    await Console.Error.WriteLineAsync($"Easel cannot start: {ServerStart.Describe(e)}");
    await app.DisposeAsync();
    return 1;
}
StartupBanner.Print(app, Console.Out);
try
{
    await app.WaitForShutdownAsync();
}
catch (AggregateException)
{
    // A background service failed to stop; the host has logged it.
    await app.DisposeAsync();
    return 1;
}
await app.DisposeAsync();
return 0;
