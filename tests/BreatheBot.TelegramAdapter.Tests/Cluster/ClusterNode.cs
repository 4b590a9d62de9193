using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.TelegramAdapter.Tests.Soak;
using Npgsql;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// One BreatheBot node: the real program as a child process (<see cref="SoakBotProcess"/>) on the shared PostgreSQL
/// database, Telegram against the loopback fake, in webhook mode on its own loopback port (or long polling). Its
/// database connections carry the application name <see cref="ApplicationName"/>, so the test can see which node holds
/// which advisory lock. Restarted on the same port.
/// </summary>
internal sealed class ClusterNode(int index, ClusterIngress ingress, string connectionString, string apiBaseUrl, string folder, TimeSpan followUpDelay) : IDisposable
{
    public const string WebhookSecret = "kill-test-secret";
    public const string WebhookPath = "/telegram/webhook";

    private SoakBotProcess? _process;

    public int Index { get; } = index;

    public int Port { get; } = FreePort();

    public string ApplicationName => "breathebot-node-" + (Index + 1).ToString(CultureInfo.InvariantCulture);

    public Uri WebhookUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{WebhookPath}"));

    public bool Running => _process is { HasExited: false };

    public DateTimeOffset StartedAt { get; private set; }

    public void Start()
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName }.ConnectionString;
        var settings = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = database,
            ["Conversation__FollowUpDelay"] = followUpDelay.ToString("c", CultureInfo.InvariantCulture),
            // Telegram's limits: 30/s per node, 25/s for all nodes together through the shared limits (the fake enforces
            // 30/s in all), and one chat's spacing shortened for a short test to exactly the fake's 250 ms: the shared
            // limits count each send until a window after Telegram's answer, so a loaded machine's late request needs no slack
            ["Telegram__PerChatInterval"] = "00:00:00.250",
            ["Telegram__RateLimitMargin"] = "00:00:00.050",
            ["Telegram__GroupMessagesPerMinute"] = "20",
            ["Telegram__GlobalMessagesPerSecond"] = "30",
            ["Telegram__ClusterMessagesPerSecond"] = "25",
        };
        if (ingress == ClusterIngress.Webhook)
        {
            settings["Telegram__Mode"] = "Webhook";
            settings["Telegram__WebhookUrl"] = "https://bot.example.org" + WebhookPath;
            settings["Telegram__WebhookSecret"] = WebhookSecret;
            settings["Telegram__WebhookListenUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");
            settings["Telegram__WebhookPath"] = WebhookPath;
        }

        var nodeFolder = Path.Combine(folder, ApplicationName);
        Directory.CreateDirectory(nodeFolder);
        _process?.Dispose();
        StartedAt = DateTimeOffset.UtcNow;
        _process = SoakBotProcess.Start(apiBaseUrl, nodeFolder, settings);
    }

    /// <summary>Webhook: until the node accepts connections on its port. Polling: until the fake saw a getUpdates since its start.</summary>
    public async Task<bool> WaitReadyAsync(FakeTelegramServer server, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until && Running)
        {
            if (ingress == ClusterIngress.LeaderPoller)
            {
                // only the leader polls: a follower is ready once its process is up (it has written nothing fatal)
                await Task.Delay(TimeSpan.FromSeconds(3));
                return Running;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
    public void Kill() => _process?.Kill();

    public string OutputTail() => _process?.OutputTail() ?? string.Empty;

    public bool HasOutput => _process?.HasOutput ?? false;

    public void Dispose()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary>A loopback port free right now (the node binds it a moment later; the same port again after a restart).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
