using BreatheBot.Benchmarks.Discord;

// dotnet run -c Release --project benchmarks/BreatheBot.Benchmarks.Discord -- b9 [--quick] [--name=value ...]
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))?.ToLowerInvariant() ?? "help";
if (command != "b9")
{
    Console.WriteLine("""
        BreatheBot Discord benchmark (storage-performance.md §4, B9).
          b9    Discord gateway event -> REST reply: the real BreatheBot host (core, LiteDB on disk, Discord adapter)
                against the loopback fake Discord, vs an echo bot on the same gateway + REST client, interleaved pairs.
                Open loop at a fixed arrival rate (latency from the scheduled time), then a closed loop for events/s.
          help  this text
        Options (defaults in brackets):
          --paths=interaction,dm   which event paths: interaction (slash command -> interaction callback) and/or
                                   dm (MESSAGE_CREATE in a DM -> create message)                     [interaction,dm]
          --rate=200               open-loop events/s for the interaction path                        [200]
          --dm-rate=40             open-loop events/s for the DM path (the client caps bot-token REST at 50/s) [40]
          --seconds=30             measured open-loop seconds per run                                  [30]
          --warmup=10              open-loop warm-up seconds per run, after every user's first turn     [10]
          --closed-seconds=10      closed-loop seconds per run                                         [10]
          --inflight=32            events outstanding in the closed loop                               [32]
          --pairs=5                bot/echo pairs (ABAB)                                               [5]
          --users=1000             distinct users, one DM channel each (interaction path)              [1000]
          --dm-users=400           distinct users on the DM path (their first turns run at 22/s)       [400]
          --dir=PATH               folder for the diary databases (a real disk, not tmpfs)   [/tmp/breathebot-bench]
          --out=PATH               folder for the result file                [artifacts/benchmarks]
          --quick                  smoke run: 1 pair, 200 / 100 users, 3 s warm-up, 5 s open loop, 3 s closed loop
        """);
    return command == "help" ? 0 : 2;
}

var options = B9Options.Parse(args);
return await B9Benchmark.RunAsync(options);
