using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BreatheBot.Benchmarks.Telegram;

/// <summary>
/// B8 baseline (a): the minimal Telegram.Bot echo bot, in this process like BreatheBot. Its own getUpdates loop (the
/// same shape as BreatheBot's receiver: a batch, chats in parallel, each chat in order, then the next offset), replying
/// sendMessage with the text. Telegram.Bot 22.10.3.3 with RetryCount 0. No storage, no rate limiting.
/// </summary>
internal sealed class TelegramBotEcho : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Task _loop;

    public TelegramBotEcho(string baseUrl)
    {
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeTelegramServer.Token, baseUrl) { RetryCount = 0 }, _http);
        _loop = Task.Run(() => RunAsync(client, _stop.Token));
    }

    private static async Task RunAsync(TelegramBotClient client, CancellationToken stop)
    {
        int? offset = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var updates = await client.GetUpdates(offset: offset, limit: 100, timeout: 1, allowedUpdates: [UpdateType.Message], cancellationToken: stop);
                if (updates.Length == 0)
                {
                    continue;
                }

                await Task.WhenAll(updates.GroupBy(u => u.Message!.Chat.Id).Select(async chat =>
                {
                    foreach (var update in chat)
                    {
                        await client.SendMessage(chat.Key, update.Message!.Text ?? "?", cancellationToken: stop);
                    }
                }));
                offset = updates[^1].Id + 1;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a benchmark bot keeps going; failures show up as missing replies
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine("echo: " + ex.Message);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }
}

/// <summary>
/// B8 baseline (b): the grammY echo bot (grammy-echo/echo.mjs, grammY 1.46.0, bot.start()) as a node process.
/// Installs its node_modules with <c>npm ci</c> when they are missing.
/// </summary>
internal sealed class GrammyEcho : IAsyncDisposable
{
    private readonly Process _process;

    private GrammyEcho(Process process) => _process = process;

    public static string Folder { get; } = FindFolder();

    public static async Task<GrammyEcho> StartAsync(string baseUrl)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node", ["echo.mjs", baseUrl, FakeTelegramServer.Token])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("grammy: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new GrammyEcho(process);
    }

    public static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "grammy")))
        {
            return;
        }

        Console.WriteLine($"grammy-echo: node_modules missing, running npm ci in {Folder}");
        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = Folder })
            ?? throw new InvalidOperationException("npm did not start");
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks", "BreatheBot.Benchmarks.Telegram", "grammy-echo");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("benchmarks/BreatheBot.Benchmarks.Telegram/grammy-echo not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// B8 baseline for webhook mode: the minimal Telegram.Bot echo bot as a webhook, in this process like BreatheBot. A
/// Kestrel endpoint (slim builder, loopback, port 0) that checks the secret header, deserializes the Update with
/// Telegram.Bot's own options, awaits sendMessage with the text, then answers 200. No storage, no rate limiting.
/// </summary>
internal sealed class TelegramBotWebhookEcho : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private TelegramBotWebhookEcho(WebApplication app, HttpClient http, string endpoint)
    {
        _app = app;
        _http = http;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static async Task<TelegramBotWebhookEcho> StartAsync(string baseUrl, string secret)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = new TelegramBotClient(new TelegramBotClientOptions(FakeTelegramServer.Token, baseUrl) { RetryCount = 0 }, http);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hook", async context =>
        {
            if (context.Request.Headers[WebhookDelivery.SecretHeader] != secret)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
            if (update?.Message is { } message)
            {
                await client.SendMessage(message.Chat.Id, message.Text ?? "?", cancellationToken: context.RequestAborted);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TelegramBotWebhookEcho(app, http, address + "/hook");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
