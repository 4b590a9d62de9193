using System.Collections.Concurrent;
using System.Text.Json;
using BreatheBot.Core.Messaging;
using BreatheBot.DiscordAdapter.Gateway;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using BreatheBot.Tests.Fuzz;

namespace BreatheBot.DiscordAdapter.Tests.Fuzz;

/// <summary>
/// Issue 7 ("Bad input") at the Discord adapter's mapper: 10,000 seeded hostile gateway dispatches
/// (<see cref="DiscordFuzzSource"/>) through the real <see cref="DiscordEventRouter"/> from the adapter's own
/// registration. Nothing may throw, and every event for the core must be the conversation of whoever acted; a button
/// only when it is theirs and of that conversation. BREATHEBOT_FUZZ_SEED / BREATHEBOT_FUZZ_EVENTS to explore.
/// </summary>
public sealed class DiscordRouterFuzzTests
{
    private const int DefaultSeed = 20261129;
    private static readonly int Seed = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_SEED", DefaultSeed);
    private static readonly int Events = FuzzText.FromEnvironment("BREATHEBOT_FUZZ_EVENTS", 10_000);

    [Fact(Timeout = 30_000)]
    public async Task Route_random_and_hostile_dispatches_never_throws_and_acts_only_for_the_sender()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var router = host.Get<DiscordEventRouter>();
        var source = new DiscordFuzzSource(Seed);
        var random = new Random(Seed);
        var failures = new ConcurrentQueue<string>();
        var reached = 0;
        var buttons = 0;

        Route(new FuzzDispatch("READY", """{"v":10,"user":{"id":"1","username":"BreatheBot","bot":true},"session_id":"s","resume_gateway_url":"ws://x","guilds":[{"id":"9001","unavailable":true}]}""", "ready"));
        Route(new FuzzDispatch("GUILD_CREATE", Payloads.GuildCreate("9001", "9101", "2048"), "guild create"));
        Route(new FuzzDispatch("GUILD_CREATE", Payloads.GuildCreate("9002", "9201", "2048"), "guild create"));
        foreach (var first in source.FirstDms())
        {
            Route(first);
        }

        await Task.Yield();
        for (var i = 0; i < Events; i++)
        {
            var dispatch = source.Next();
            Route(dispatch with { Kind = $"#{i} {dispatch.Kind}" });
        }

        Assert.True(reached > Events / 4, $"Seed {Seed}: only {reached} of {Events} dispatches reached the core.");
        Assert.True(buttons > Events / 20, $"Seed {Seed}: only {buttons} button presses were accepted: the fuzz is not pressing real buttons.");
        Assert.True(failures.IsEmpty, $"Seed {Seed}: {failures.Count} failures. First ones:\n{string.Join("\n", failures.Take(10))}");

        void Route(FuzzDispatch dispatch)
        {
            var context = $"seed {Seed}, {dispatch.Kind}: {dispatch.Type} {DiscordFuzzSource.Shorten(dispatch.Json)}";
            var data = JsonDocument.Parse(dispatch.Json).RootElement.Clone();
            IReadOnlyList<WorkItem> items;
            try
            {
                items = router.RouteAll(new GatewayDispatch(dispatch.Type, random.Next(1, 1000), data, DateTimeOffset.UtcNow));
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{context}: RouteAll threw {ex.GetType().Name}: {ex.Message}");
                return;
            }

            foreach (var item in items)
            {
                item.Interaction?.Dispose();
                if (item.Inbound is { } inbound && dispatch.Type is "MESSAGE_CREATE" or "INTERACTION_CREATE")
                {
                    reached++;
                    buttons += inbound is ChoiceSelected ? 1 : 0;
                    source.Check(data, inbound, context, failures);
                    if (item.Partition != inbound.Key.ToString())
                    {
                        failures.Enqueue($"{context}: partition {item.Partition} is not the conversation {inbound.Key}");
                    }
                }
            }
        }
    }
}
