using Easel.Server;

var app = await EaselApp.CreateAsync(args);
await app.RunAsync();
