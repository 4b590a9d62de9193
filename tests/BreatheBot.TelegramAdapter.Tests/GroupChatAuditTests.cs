using System.Net.Http.Json;
using BreatheBot.Core.Channels;
using BreatheBot.Core.Content;
using BreatheBot.TelegramAdapter.Tests.Fakes;

namespace BreatheBot.TelegramAdapter.Tests;

/// <summary>The suite-wide group privacy audit can fail: it catches every health question and lets channel texts through.</summary>
public sealed class GroupChatAuditTests
{
    public static TheoryData<string> HealthQuestions() =>
    [
        Wording.EmergencyScreenIntro, Wording.PainNow, Wording.PainAfterBreathing, Wording.PainAfterMassage, Wording.PainFollowUp,
        Wording.Location, Wording.Medication, .. RedFlags.EmergencyTier.Select(f => f.Question), .. RedFlags.SameDayTier.Select(f => f.Question),
    ];

    [Theory]
    [MemberData(nameof(HealthQuestions))]
    public void Leaks_flags_a_health_question_in_a_group_text(string question)
    {
        Assert.NotEmpty(GroupChatAudit.Leaks([new GroupText(-1, "sendMessage", "Quick one: " + question, [])]));
    }

    [Fact]
    public void Leaks_flags_a_health_question_in_a_button_label()
    {
        Assert.NotEmpty(GroupChatAudit.Leaks([new GroupText(-1, "sendMessage", "Shared breathing break.", ["How bad is the pain?"])]));
    }

    [Fact]
    public void Leaks_passes_everything_a_channel_is_meant_to_see()
    {
        string[] channelTexts =
        [
            Wording.GroupWelcome, Wording.GroupHelp, Wording.MoveToPrivate, Wording.SharedBreathingStart, Wording.SharedBreathingStopped,
            Wording.SharedBreathingRunning, ChannelWording.AdminsOnly, ChannelWording.ScheduledSessionStart(TimeSpan.FromSeconds(176)), ChannelWording.SessionDone(2),
            ChannelWording.Stats(new ChannelCounters(1, 2, 3)), ChannelWording.Summary(new ChannelSettings()), .. ChannelWording.Reminders,
        ];
        Assert.Empty(GroupChatAudit.Leaks(channelTexts.Select(t => new GroupText(-1, "sendMessage", t, []))));
    }

    [Fact]
    public async Task The_fake_records_texts_sent_to_groups_so_a_health_question_sent_there_is_caught()
    {
        await using var server = await FakeTelegramServer.StartAsync();
        using var http = new HttpClient();
        var url = $"{server.BaseUrl}/bot{FakeTelegramServer.Token}/sendMessage";
        (await http.PostAsJsonAsync(url, new { chat_id = 111, text = Wording.PainNow })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync(url, new { chat_id = -4999, text = Wording.PainNow })).EnsureSuccessStatusCode();

        var recorded = Assert.Single(server.GroupTexts); // the private chat is not recorded
        Assert.Equal(-4999, recorded.ChatId);
        Assert.NotEmpty(GroupChatAudit.Leaks(server.GroupTexts));
    }
}
