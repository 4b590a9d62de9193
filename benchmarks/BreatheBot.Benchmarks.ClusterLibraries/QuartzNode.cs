using Npgsql;
using Quartz;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>
/// Quartz 4.7.3 clustered on PostgreSQL (ADO job store, schema created by the package itself): one durable job, one
/// one-shot trigger per pacer phase; the job records the fire and schedules the session's next phase. The job requests
/// recovery, so a fire in flight on a node that dies is fired again elsewhere (counted as fired twice).
/// </summary>
internal sealed class QuartzNode(Scenario s)
{
    public static readonly JobKey Job = new("pacer", "trial");

    public async Task RunAsync()
    {
        Current = s;
        Db = NpgsqlDataSource.Create(s.ConnectionString + ";Maximum Pool Size=10");
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "trial";
                o.InstanceId = $"node{s.Node}";
            });
            q.UseDefaultThreadPool(10);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(s.ConnectionString + ";Maximum Pool Size=20");
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = s.CheckinInterval;
                    c.CheckinMisfireThreshold = s.CheckinMisfireThreshold;
                });
            });
        }).BuildScheduler();

        var job = JobBuilder.Create<PacerJob>().WithIdentity(Job).StoreDurably().RequestRecovery().Build();
        // Three nodes start at once: each adds the job if missing.
        try
        {
            await scheduler.AddJob(job, new AddJobOptions { Replace = false });
        }
        catch (ObjectAlreadyExistsException)
        {
        }
        catch (JobPersistenceException)
        {
            // another node added it between the check and the insert
        }
        await scheduler.Start();
        foreach (var session in s.OwnSessions()) await scheduler.ScheduleJob(Trigger(session, 0, s.FirstDue(session)));
        Console.WriteLine($"ready {s.Node}");

        var stopAt = s.End + TimeSpan.FromSeconds(6);
        var wait = stopAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await scheduler.Shutdown(waitForJobsToComplete: true);
    }

    internal static Scenario Current { get; private set; } = null!;

    internal static NpgsqlDataSource Db { get; private set; } = null!;

    internal static ITrigger Trigger(int session, int seq, DateTimeOffset due) => TriggerBuilder.Create()
        .WithIdentity($"s{session}-{seq}", "pacer")
        .ForJob(Job)
        .UsingJobData("session", session)
        .UsingJobData("seq", seq)
        .StartAt(due)
        .Build();
}

internal sealed class PacerJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var s = QuartzNode.Current;
        var session = context.MergedJobDataMap.GetInt("session");
        var seq = context.MergedJobDataMap.GetInt("seq");
        var due = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await using (var connection = await QuartzNode.Db.OpenConnectionAsync(cancellationToken))
        {
            await Scenario.RecordAsync(connection, null, "quartz", session, seq, due, s.Node, context.Recovering);
        }
        if (s.Next(seq, due, DateTimeOffset.UtcNow) is { } next)
        {
            try
            {
                await context.Scheduler.ScheduleJob(QuartzNode.Trigger(session, next.Seq, next.Due), cancellationToken: cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // a recovered fire scheduling a phase the first fire already scheduled
            }
        }
    }
}
