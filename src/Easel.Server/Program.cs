using Easel.Server;
using Easel.Server.MoveUp;
using Microsoft.Extensions.Options;

if (MoveUpCommand.IsInvoked(args))
{
    return await MoveUpCommand.RunAsync(args);
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
await app.RunAsync();
return 0;
