using Easel.Cli;

return await EaselCommandLine.RunAsync(args);
