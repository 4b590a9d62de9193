using BreatheBot.Core.Conversations;
using BreatheBot.Storage.PostgreSql;
using BreatheBot.TelegramAdapter.Outbound;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using BreatheBot.TestSupport.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.TelegramAdapter.Tests.Cluster;

/// <summary>
/// Telegram "nodes" in one test process: each an outbox composed as the host composes it (not started: nothing polls),
/// on its own PostgreSQL diary (its own connection pool) of one test database, all against one fake Bot API.
/// </summary>
internal sealed class OutboxNodes : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private OutboxNodes(FakeTelegramServer server, NodeDiaries diaries) => (Server, Diaries) = (server, diaries);

    public FakeTelegramServer Server { get; }

    /// <summary>Node <c>i</c>'s diary.</summary>
    public NodeDiaries Diaries { get; }

    public static async Task<OutboxNodes> StartAsync(TestDatabase database, int nodes) =>
        new(await FakeTelegramServer.StartAsync(), await NodeDiaries.OpenAsync(database, nodes));

    /// <summary>
    /// A node's outbox: the test host's settings with <paramref name="settings"/> over them, and
    /// <paramref name="services"/> registered before the adapter's (its shared limits or documents, on a diary).
    /// </summary>
    public TelegramOutbox Outbox(Action<Dictionary<string, string?>> settings, Action<IServiceCollection> services)
    {
        var values = TelegramTestHost.DefaultSettings(Server);
        settings(values);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton(new FakeConversationHandler.DurableState());
        builder.Services.AddSingleton<IConversationHandler, FakeConversationHandler>();
        services(builder.Services);
        builder.AddTelegramAdapter();
        var host = builder.Build();
        _hosts.Add(host);
        return host.Services.GetRequiredService<TelegramOutbox>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }

        await Diaries.DisposeAsync();
        await Server.DisposeAsync();
    }
}
