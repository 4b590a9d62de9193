using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Interactions;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

[Collection(TimingCollection.Name)]
public sealed class DiscordEndToEndTests
{
    private const string DmChannel = "300";
    private const string User = "42";

    // Emergency tier: none; same-day tier: none; pain 6; location: the 2nd, Done; character: pressing; features: Done;
    // triggers: the 1st, Done; medication: nothing; preset: resonance; 1 minute.
    private static readonly string[] Answers = ["None of these", "None of these", "6", "2", "done", "pressing", "done", "1", "done", "nothing", "resonance", "1"];

    private static async Task<IReadOnlyList<Episode>> EpisodesOf(RealHost host, string userId) =>
        await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + userId, 0, 10, default);

    [Fact(Timeout = 60_000)]
    public async Task Dm_headache_runs_the_whole_flow_with_buttons_and_typed_answers_and_logs_the_episode()
    {
        await using var host = await RealHost.StartAsync();
        Assert.Single(host.Fake.RequestsTo("PUT", "/applications/100/commands"));

        await host.CommandAsync("headache", DmChannel, User);
        Assert.Contains("First, a quick safety check", host.Transcript(), StringComparison.Ordinal);

        foreach (var answer in Answers)
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        await host.AdvanceAsync(61);
        Assert.Contains("Breathe out… 6", host.Transcript(), StringComparison.Ordinal);

        foreach (var answer in new[] { "4", "none", "skip this muscle", "skip this muscle", "skip this muscle", "3" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        Assert.Contains("This episode is saved in your diary", host.Transcript(), StringComparison.Ordinal);
        var episode = Assert.Single(await EpisodesOf(host, User));
        Assert.Equal(6, episode.PainBefore);
        Assert.Equal(4, episode.PainAfterBreathing);
        Assert.Equal(3, episode.PainAfterTriggerPoints);
        Assert.Equal(EpisodeStatus.Completed, episode.Status);

        // Buttons were really used (not only typed answers), and the pacer edited one message in place.
        Assert.True(host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback").Count >= 8);
        Assert.True(host.Fake.RequestsTo("PATCH", @"/(channels/300/messages|webhooks/100/[^/]+/messages)/\d+").Count >= 10);
        var messages = host.Fake.Requests.Select(r => r.Json as System.Text.Json.Nodes.JsonObject).Where(j => j?["content"] is not null).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, j => Assert.Empty(j!["allowed_mentions"]!["parse"]!.AsArray()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Guild_headache_never_shows_health_questions_in_the_channel_and_continues_in_a_dm()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", "600", User, guildId: "700");
        await FakeDiscord.WaitForAsync(() => host.Fake.RequestsTo("POST", "/channels/942/messages").Count > 0, "the DM flow");
        await host.Conversations.WhenIdleAsync();

        var note = Assert.Single(host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")).Json!;
        Assert.Equal(64, note["data"]!["flags"]!.GetValue<int>()); // only the person sees it
        Assert.Equal(User, Assert.Single(host.Fake.RequestsTo("POST", "/users/@me/channels")).Json!["recipient_id"]!.GetValue<string>());
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/600/messages"));
        Assert.Empty(host.Fake.RequestsTo("PATCH", "/channels/600/messages/.*"));

        var dm = string.Join("\n", host.Fake.RequestsTo("POST", "/channels/942/messages").Select(r => r.Json?["content"]?.GetValue<string>()));
        Assert.Contains("First, a quick safety check", dm, StringComparison.Ordinal);
        Assert.DoesNotContain("safety check", note["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // The DM conversation is the person's own.
        var (buttons, _) = host.LatestButtons();
        Assert.All(buttons, b =>
        {
            Assert.True(CustomIds.TryDecode(b.CustomId, out var id));
            Assert.Equal(CustomIds.Tag(ConversationKey.Private(Core.Conversations.Platform.Discord, "942", User)), id.ConversationTag);
            Assert.Equal(User, id.Owner);
            Assert.NotNull(id.PromptId); // bound to its question too
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task In_a_channel_the_shared_breathing_is_visible_to_all_and_anyone_can_join_with_a_private_note()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("breathe", "600", User, guildId: "700");
        var (buttons, messageId) = host.LatestButtons();
        var join = Assert.Single(buttons, b => b.CustomId.EndsWith(":sb:join", StringComparison.Ordinal));
        Assert.NotEmpty(host.Fake.RequestsTo("POST", "/channels/600/messages")); // the pacer is posted in the channel for everyone
        var callback = host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[0].Json!;
        Assert.Null(callback["data"]!["flags"]);

        await host.PressAsync(join.CustomId, messageId!, "600", "43", guildId: "700");
        var joined = host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;
        Assert.Equal(64, joined["data"]!["flags"]!.GetValue<int>()); // only the person who joined sees it
        Assert.Contains("You're in", joined["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await host.PressAsync(join.CustomId, messageId!, "600", "43", guildId: "700");
        var again = host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;
        Assert.Equal(64, again["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("already joined", again["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // No health question or answer was ever posted in the channel.
        var channelText = string.Join("\n", host.Fake.RequestsTo("(POST|PATCH)", "/channels/600/messages.*").Select(r => r.Json?["content"]?.GetValue<string>()));
        Assert.DoesNotContain("pain", channelText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("safety check", channelText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_press_of_someone_elses_button_is_refused_privately_and_changes_nothing()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        var (buttons, messageId) = host.LatestButtons();
        var none = buttons[0];

        // Another person sends a press of that button (custom ids are client data; Discord does not stop a forged one).
        await host.PressAsync(none.CustomId, messageId!, DmChannel, "43");
        var refusal = host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;
        Assert.Equal(64, refusal["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("someone else", refusal["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("And do any of these apply", host.Transcript(), StringComparison.Ordinal);

        // The owner's press still works: the flow moves on to the next question.
        await host.PressAsync(none.CustomId, messageId!, DmChannel, User);
        Assert.Contains("And do any of these apply", host.Transcript(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_stop_and_a_new_headache_yes_on_the_previous_episodes_screen_gets_the_earlier_question_notice_and_the_emergency_advice_only()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        var (oldButtons, oldMessage) = host.LatestButtons();
        var oldYes = Assert.Single(oldButtons, b => b.CustomId.EndsWith(":e:yes", StringComparison.Ordinal));
        await host.CommandAsync("stop", DmChannel, User);
        await host.CommandAsync("headache", DmChannel, User);
        var (newButtons, newMessage) = host.LatestButtons();
        var transcript = host.Transcript();

        await host.PressAsync(oldYes.CustomId, oldMessage!, DmChannel, User);

        var notice = host.Fake.RequestsTo("POST", @"/interactions/\d+/[^/]+/callback")[^1].Json!;
        Assert.Equal(64, notice["data"]!["flags"]!.GetValue<int>()); // only the person sees it
        Assert.Equal(Core.Content.Wording.EarlierQuestionButton, notice["data"]!["content"]!.GetValue<string>());
        // Safety first: a warning sign reported on an earlier screen still gets the emergency advice; nothing else is said
        Assert.Equal(transcript + "\n" + Core.Content.Wording.EarlierQuestionButton + "\n" + Core.Content.Wording.EmergencyAdvice("112 / 999 / 911 / 000"), host.Transcript());

        // The new screen's own button works.
        await host.PressAsync(Assert.Single(newButtons, b => b.CustomId.EndsWith(":e:none", StringComparison.Ordinal)).CustomId, newMessage!, DmChannel, User);
        Assert.Contains("And do any of these apply", host.Transcript(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_gateway_resume_in_the_middle_of_breathing_loses_and_repeats_nothing()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        foreach (var answer in Answers)
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        await host.AdvanceAsync(20);

        // The connection drops; while it is down Discord queues an event for us (the person typed something).
        host.Fake.Abort();
        var typedId = host.NextId();
        var typed = $$"""{"id":"{{typedId}}","channel_id":"300","author":{"id":"{{User}}","username":"someone"},"content":"still here","type":0}""";
        await host.Fake.DispatchAsync("MESSAGE_CREATE", typed);
        var waited = 0;
        while (!(host.Fake.ResumeCount == 1 && host.Fake.Current!.Ready) && waited++ < 20)
        {
            await host.AdvanceAsync(1); // the reconnect backoff runs on the (fake) clock
            await Task.Delay(100);
        }

        Assert.True(host.Fake.Current!.Ready, "not resumed");
        Assert.Equal(1, host.Fake.ResumeCount);
        Assert.Equal(1, host.Fake.IdentifyCount);
        Assert.Equal("/gw-resume", host.Fake.Current!.Path);

        // Nothing lost: the queued message was replayed and reached the core, which recorded its delivery id.
        var store = host.Host.Services.GetRequiredService<IConversationStore>();
        var dmKey = ConversationKey.Private(Core.Conversations.Platform.Discord, DmChannel, User);
        for (var i = 0; i < 100 && (await store.LoadAsync(dmKey, default))?.RecentDeliveryIds.Contains(typedId) != true; i++)
        {
            await Task.Delay(20);
        }

        Assert.Contains(typedId, (await store.LoadAsync(dmKey, default))!.RecentDeliveryIds);

        // Nothing repeated: the same message delivered again is dropped before the core.
        await host.Fake.DispatchAsync("MESSAGE_CREATE", typed);
        await FakeDiscord.WaitForAsync(() => host.Host.Services.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 3404), "duplicate dropped");

        await host.AdvanceAsync(45);
        var pacer = host.Fake.RequestsTo("PATCH", @"/(channels/300/messages|webhooks/100/[^/]+/messages)/\d+");
        Assert.Single(pacer.Select(e => Regex.Match(e.Path, @"/(\d+)$").Groups[1].Value).Distinct()); // one pacer message, edited in place
        var phases = pacer.Select(e => e.Json!["content"]!.GetValue<string>()).Where(t => t.Contains("Round", StringComparison.Ordinal)).ToList();
        Assert.Equal(phases.Count, phases.Distinct().Count()); // no phase shown twice
        Assert.Contains(phases, t => t.Contains("Round 5 of 5", StringComparison.Ordinal));
        Assert.Single(host.Transcript().Split('\n'), line => line.Contains("Round 1 of 5 · 0:55 left", StringComparison.Ordinal)); // the pacer was never restarted

        foreach (var answer in new[] { "4", "none", "skip this muscle", "skip this muscle", "skip this muscle", "3" })
        {
            await host.AnswerAsync(answer, DmChannel, User);
        }

        var episode = Assert.Single(await EpisodesOf(host, User));
        Assert.Equal(EpisodeStatus.Completed, episode.Status);
        Assert.Equal(4, episode.PainAfterBreathing);
        Assert.Single(Regex.Matches(host.Transcript(), "This episode is saved in your diary"));
    }
}
