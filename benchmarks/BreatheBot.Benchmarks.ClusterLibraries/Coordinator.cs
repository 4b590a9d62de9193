using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace BreatheBot.Benchmarks.ClusterLibraries;

/// <summary>
/// Runs the kill scenario once per library: a fresh database, three node processes, SIGKILL of node 1 mid-run, then the
/// figures read back from the database (lateness, fired twice, broken chains, row writes and commits per fire).
/// Options: --pg=CS (default $BREATHEBOT_TEST_POSTGRES) --libs=plain-sql,quartz --sessions=30 (per node) --seconds=40
/// --kill-at=20 (s after the start; 0 = no kill) --warmup=20 (s not counted as normal operation) --checkin=1000 --checkin-misfire=1000 (ms, Quartz) --rounds=1
/// --keep (leave each run's database; by default it is dropped after its figures are read).
/// </summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Opt(string name, string fallback) =>
            args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..] ?? fallback;
        var pg = Opt("pg", Environment.GetEnvironmentVariable("BREATHEBOT_TEST_POSTGRES") ?? "");
        if (pg.Length == 0)
        {
            Console.Error.WriteLine("No PostgreSQL: eval \"$(scripts/postgres-test-server.sh start)\" or pass --pg=<connection string>");
            return 2;
        }
        var libs = Opt("libs", "plain-sql,quartz").Split(',');
        var sessions = int.Parse(Opt("sessions", "30"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Opt("seconds", "40"), CultureInfo.InvariantCulture);
        var killAt = int.Parse(Opt("kill-at", "20"), CultureInfo.InvariantCulture);
        var checkin = TimeSpan.FromMilliseconds(int.Parse(Opt("checkin", "1000"), CultureInfo.InvariantCulture));
        var misfire = TimeSpan.FromMilliseconds(int.Parse(Opt("checkin-misfire", "1000"), CultureInfo.InvariantCulture));
        var warmup = int.Parse(Opt("warmup", "20"), CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        var rounds = int.Parse(Opt("rounds", "1"), CultureInfo.InvariantCulture);
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  sessions/node={sessions} seconds={seconds} kill-at={killAt} " +
                          $"checkin={checkin.TotalMilliseconds} ms checkin-misfire={misfire.TotalMilliseconds} ms " +
                          $"(Quartz defaults: {new Quartz.ClusteringOptions().CheckinInterval.TotalMilliseconds} ms, {new Quartz.ClusteringOptions().CheckinMisfireThreshold.TotalMilliseconds} ms) load={File.ReadAllText("/proc/loadavg").Trim()}");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var lib in libs)
            {
                var result = await RunOneAsync(pg, lib, sessions, seconds, killAt, warmup, checkin, misfire, keep);
                Console.WriteLine($"## round {round} {lib}");
                Console.WriteLine(result);
            }
        }
        return 0;
    }

    private static async Task<string> RunOneAsync(string pg, string lib, int sessions, int seconds, int killAt, int warmup,
        TimeSpan checkin, TimeSpan misfire, bool keep)
    {
        var dbName = $"trial_{lib.Replace('-', '_')}_{DateTime.UtcNow:HHmmss}";
        var cs = new NpgsqlConnectionStringBuilder(pg) { Database = dbName }.ConnectionString;
        await using (var admin = NpgsqlDataSource.Create(pg))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {dbName}");
            await create.ExecuteNonQueryAsync();
        }
        await using var db = NpgsqlDataSource.Create(cs);
        await ExecAsync(db, Scenario.FiredTable + (lib == "plain-sql" ? PlainSqlNode.Schema : ""));

        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(35); // room for three processes to start on a busy box
        var end = start + TimeSpan.FromSeconds(seconds);
        var nodes = new Process?[3];
        try
        {
            // Node 0 first: it creates the library's schema; then the other two.
            for (var n = 0; n < 3; n++)
            {
                var scenario = new Scenario(lib, cs, n, sessions, start, end, checkin, misfire);
                nodes[n] = Spawn(scenario.ToArgs(), out var ready);
                if (n == 0 && !ready.Wait(TimeSpan.FromSeconds(30))) throw new InvalidOperationException("node 0 not ready");
            }
            return await MeasureAsync(db, dbName, lib, sessions, seconds, killAt, warmup, start, end, nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is { HasExited: false }) node.Kill();
            }
            if (!keep)
            {
                await using var admin = NpgsqlDataSource.Create(pg);
                await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)");
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static async Task<string> MeasureAsync(NpgsqlDataSource db, string dbName, string lib, int sessions, int seconds,
        int killAt, int warmup, DateTimeOffset start, DateTimeOffset end, Process?[] nodes)
    {
        var before = await StatsAsync(db);
        var measuring = Stopwatch.StartNew();
        Console.WriteLine($"  load at the start {File.ReadAllText("/proc/loadavg").Trim()}");
        if (DateTimeOffset.UtcNow > start) Console.WriteLine("warning: the nodes were not all up before the start");

        DateTimeOffset? killed = null;
        var deadAcquired = "";
        if (killAt > 0)
        {
            await Task.Delay(start + TimeSpan.FromSeconds(killAt) - DateTimeOffset.UtcNow);
            killed = new DateTimeOffset(await ScalarAsync<DateTime>(db, "SELECT clock_timestamp()"), TimeSpan.Zero);
            nodes[1]!.Kill(entireProcessTree: false); // SIGKILL
            if (lib == "quartz")
            {
                deadAcquired = await ScalarAsync<long>(db, "SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = 'node1'") + "";
            }
        }
        foreach (var node in nodes)
        {
            if (!node!.WaitForExit(TimeSpan.FromSeconds(seconds + 90)))
            {
                node.Kill();
                Console.WriteLine("warning: a node did not stop by itself");
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // backends flush their statistics as they exit
        var after = await StatsAsync(db);
        var span = measuring.Elapsed.TotalSeconds;
        var report = await Analysis.ReportAsync(db, lib, sessions * 3, start, end, killed, deadAcquired, warmup);
        var fires = await ScalarAsync<long>(db, "SELECT count(*) FROM fired");
        var writes = after.TupleWrites - before.TupleWrites;
        var commits = after.Commits - before.Commits;
        return report + Environment.NewLine +
               $"db: row writes outside 'fired'/'sent' {writes} ({(fires > 0 ? writes / (double)fires : 0):F2}/fire, {writes / span:F1}/s); " +
               $"commits {commits} ({(fires > 0 ? commits / (double)fires : 0):F2}/fire incl. the fire's own record, {commits / span:F1}/s); " +
               $"per pacer-minute (15 ticks) {15 * (fires > 0 ? writes / (double)fires : 0):F1} row writes; database {dbName}";
    }

    private static Process Spawn(string[] args, out ManualResetEventSlim ready)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Coordinator).Assembly.Location);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var signal = new ManualResetEventSlim();
        ready = signal;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("ready", StringComparison.Ordinal)) signal.Set();
            else Console.WriteLine($"  [{args[2]}] {e.Data}");
        };
        process.BeginOutputReadLine();
        return process;
    }

    private sealed record Stats(long TupleWrites, long Commits);

    private static async Task<Stats> StatsAsync(NpgsqlDataSource db)
    {
        var writes = await ScalarAsync<long>(db,
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_user_tables WHERE relname NOT IN ('fired', 'sent')");
        var commits = await ScalarAsync<long>(db, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return new Stats(writes, commits);
    }

    internal static async Task ExecAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
