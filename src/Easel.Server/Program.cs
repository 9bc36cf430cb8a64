using Easel.Server;
using Microsoft.Extensions.Options;

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
