using BreatheBot.Benchmarks.Telegram;

// The Telegram benchmarks: the real BreatheBot host (core + LiteDB + Telegram adapter) against the loopback fake
// Bot API (tests/BreatheBot.TelegramAdapter.Tests/Fakes/FakeTelegramServer.cs). See benchmarks/README.md.
var command = args.Length > 0 ? args[0].ToLowerInvariant() : "help";
var rest = args.Skip(1).ToArray();
return command switch
{
    "burst" => await Burst.RunAsync(rest),
    "b7" => await PacerDelivery.RunAsync(rest),
    "b8" => await UpdateLatency.RunAsync(rest),
    "floods" => await Floods.RunAsync(rest),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("""
        BreatheBot Telegram benchmarks (run with -c Release from the repository root):

          dotnet run -c Release --project benchmarks/BreatheBot.Benchmarks.Telegram -- <command> [options]

        burst [users]     N users send /start at once; the fake enforces 1 msg/s per chat, 20/min per group, 30/s
                          overall (no tolerance). Pass: 0 x 429 and delivery >= 90 % of 30/s. Default 1000 users.
        b7 [options]      Pacer delivery under the platform budget: N people start a 1-minute box-breathing exercise at
                          once; the fake enforces 1 msg/s per chat and a global budget G, the bot's outbox is set to G.
                            --budgets=30,100        global budgets G
                            --loads=0.5,1,3         offered pacer load as a multiple of G (N = load x G / 0.25 edits/s)
                            --minutes=1             exercise length (1-5)
        b8 [options]      Update -> reply latency (open loop) and sustained updates/s (closed loop), BreatheBot vs a
                          Telegram.Bot echo bot (in process, like BreatheBot) vs a grammY echo bot (node), interleaved; polling
                          and webhook mode.
                          The fake's rate limits are off and the bot's GlobalMessagesPerSecond is raised.
                            --rate=500              open-loop arrival rate, updates/s
                            --seconds=20            measured open-loop seconds (after --warmup=5)
                            --closed-seconds=10     measured closed-loop seconds (after 3 s warm-up)
                            --chats=5000            chats the open loop spreads over
                            --inflight=1000         closed loop: chats, each with one update in flight
                            --rounds=3              interleaved rounds (order rotates each round)
                            --bots=breathebot,breathebot-webhook,echo,echo-webhook,grammy
                                                    (the -webhook variants: the benchmark POSTs each update as
                                                    Telegram would, one per chat at a time, many chats at once)
                                                    breathebot-nooutbox: BreatheBot before the durable outbox
                                                    (replies from memory), for a before/after in the same run
                            --connections=100       webhook mode: POSTs in flight at most (the bot's max_connections)
        floods [options]  Issue 12 item 6: one person sends 200 messages within a second (the last is /privacy) while 50
                          people send /headache in one group; the fake enforces Telegram's limits. Reports replies
                          sent and the time until the last reply, per case.
                            --max-seconds=300       stop observing after this long
        help              this text

        Exit code: 0 when every target was met, 1 otherwise. Output is plain text; keep it with `| tee`.
        """);
    return 0;
}
