using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>
/// WolverineFx.Postgresql 6.64.2: durable inbox/outbox in PostgreSQL, durable local queues, scheduled messages. A pacer
/// phase is a scheduled <see cref="PacerTick"/>; its handler records the fire and schedules the next phase in ONE
/// transaction of ours, enlisted in Wolverine's outbox (the shape of our per-conversation turn).
/// </summary>
internal sealed class WolverineNode(Scenario s)
{
    public async Task RunAsync()
    {
        Current = s;
        Db = NpgsqlDataSource.Create(s.ConnectionString + ";Maximum Pool Size=20");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseWolverine(opts =>
        {
            opts.ServiceName = "trial";
            opts.PersistMessagesWithPostgresql(s.ConnectionString + ";Maximum Pool Size=20", "wolverine");
            opts.Policies.UseDurableLocalQueues();
            opts.Durability.Mode = DurabilityMode.Balanced;
            // As fast as it lets us: failover is what is measured.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            opts.Durability.ScheduledJobFirstExecution = TimeSpan.FromSeconds(1);
            opts.Durability.HealthCheckPollingTime = s.CheckinInterval;
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
            opts.Durability.StaleNodeTimeout = s.CheckinInterval + s.CheckinMisfireThreshold;
            opts.Durability.NodeReassignmentPollingTime = s.CheckinInterval;
            opts.Durability.FirstNodeReassignmentExecution = TimeSpan.FromSeconds(1);
            opts.Discovery.DisableConventionalDiscovery().IncludeType(typeof(PacerTickHandler)).IncludeType(typeof(ReplyHandler));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IMessageBus>();
        foreach (var session in s.OwnSessions())
        {
            await bus.ScheduleAsync(new PacerTick(session, 0, s.FirstDue(session)), s.FirstDue(session));
        }
        Console.WriteLine($"ready {s.Node}");
        var stopAt = s.End + TimeSpan.FromSeconds(6);
        var wait = stopAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await host.StopAsync();
    }

    internal static Scenario Current { get; private set; } = null!;

    internal static NpgsqlDataSource Db { get; private set; } = null!;
}

public sealed record PacerTick(int Session, int Seq, DateTimeOffset Due);

public static class PacerTickHandler
{
    public static async Task Handle(PacerTick tick, IMessageContext messageContext, IWolverineRuntime runtime, Envelope envelope)
    {
        var context = (MessageContext)messageContext;
        var s = WolverineNode.Current;
        await using var connection = await WolverineNode.Db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await context.EnlistInOutboxAsync(new DatabaseEnvelopeTransaction((IMessageDatabase)runtime.Storage, tx));
        await Scenario.RecordAsync(connection, tx, "wolverine", tick.Session, tick.Seq, tick.Due, s.Node, envelope.Attempts > 1);
        await context.PublishAsync(new Reply(tick.Session, tick.Seq)); // the turn's reply, through the outbox
        if (s.Next(tick.Seq, tick.Due, DateTimeOffset.UtcNow) is { } next)
        {
            await context.ScheduleAsync(new PacerTick(tick.Session, next.Seq, next.Due), next.Due);
        }
        await tx.CommitAsync();
        await context.FlushOutgoingMessagesAsync();
    }
}

public sealed record Reply(int Session, int Seq);

/// <summary>The "platform send" of a reply: records the moment the durable local queue delivered it.</summary>
public static class ReplyHandler
{
    public static async Task Handle(Reply reply)
    {
        await using var cmd = WolverineNode.Db.CreateCommand(Scenario.SentInsert);
        cmd.Parameters.AddWithValue(reply.Session);
        cmd.Parameters.AddWithValue(reply.Seq);
        cmd.Parameters.AddWithValue(WolverineNode.Current.Node);
        await cmd.ExecuteNonQueryAsync();
    }
}
