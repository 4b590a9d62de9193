using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The smallest generic host: default configuration and logging, no services; "ready" once the host has started.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStarted.Register(() => Console.Out.WriteLine("ready"));
await host.RunAsync();
