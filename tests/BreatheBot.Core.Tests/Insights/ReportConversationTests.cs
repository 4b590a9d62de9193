using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>/report through the engine and the service: a PDF in a private chat, a clear reply otherwise, never data in a group.</summary>
public sealed class ReportConversationTests
{
    private static readonly Episode[] TwoMonths = [Episode(3, before: 6, afterBreathing: 3), Episode(50, before: 7, medication: MedicationKind.Triptan)];

    /// <summary>One turn with the diary looked up, as the service does when <see cref="ConversationEngine.NeedsDiary"/> says so.</summary>
    private static IReadOnlyList<Reply> Say(EngineDriver chat, string text, IReadOnlyList<Episode> diary)
    {
        var command = text.TrimStart('/').Split(' ', 2);
        var inbound = new CommandReceived(chat.Key, chat.Chat, "100", chat.Now, null, command[0], command.Length > 1 ? command[1] : null);
        Assert.Equal(chat.Chat == ChatKind.Private, ConversationEngine.NeedsDiary(chat.State, inbound));
        var result = chat.Engine.Handle(chat.State, inbound, chat.Profile, chat.Now, new TurnInputs { Diary = diary });
        chat.State = result.State;
        chat.Turns.Add(result.Replies);
        return result.Replies;
    }

    private static EngineDriver Chat(ChatKind chat = ChatKind.Private)
    {
        var driver = new EngineDriver(chat: chat) { Now = Now };
        driver.Send("/start");
        return driver;
    }

    [Fact]
    public void In_a_private_chat_report_sends_the_last_90_days_as_a_pdf()
    {
        var replies = Say(Chat(), "/report", TwoMonths);

        var report = Assert.IsType<ReportReply>(Assert.Single(replies));
        Assert.Equal("breathebot-report.pdf", report.FileName);
        Assert.Equal(StatsWindow.Last90Days, report.Report.Window);
        Assert.Equal(2, report.Report.HeadacheEpisodes);
    }

    [Theory]
    [InlineData("/report 30d", StatsWindow.Last30Days, 1)]
    [InlineData("/report 90D", StatsWindow.Last90Days, 2)]
    [InlineData("/report all", StatsWindow.All, 3)]
    public void The_period_chooses_the_episodes(string command, StatsWindow window, int episodes)
    {
        var report = Assert.IsType<ReportReply>(Assert.Single(Say(Chat(), command, [.. TwoMonths, Episode(200, before: 4)]))).Report;

        Assert.Equal(window, report.Window);
        Assert.Equal(episodes, report.HeadacheEpisodes);
    }

    [Theory]
    [InlineData("/report 7d")]
    [InlineData("/report last year")]
    public void Another_period_gets_a_reply_naming_the_choices_and_no_pdf(string command)
    {
        var reply = Assert.Single(Say(Chat(), command, TwoMonths));

        Assert.Equal("report.bad-window", reply.Key);
        Assert.Contains("/report 30d, /report 90d or /report all", EngineDriver.TextOf(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_diary_gets_a_clear_reply_and_no_pdf()
    {
        var reply = Assert.Single(Say(Chat(), "/report", []));

        Assert.Equal("report.empty", reply.Key);
        Assert.Equal(InsightsWording.EmptyDiary, EngineDriver.TextOf(reply));
    }

    [Fact]
    public void A_period_without_episodes_points_to_the_whole_diary()
    {
        var reply = Assert.Single(Say(Chat(), "/report 30d", [Episode(50, before: 5)]));

        Assert.Equal("report.empty-window", reply.Key);
        Assert.Contains("/report all", EngineDriver.TextOf(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_group_report_moves_to_a_private_chat_and_shows_nothing()
    {
        var chat = new EngineDriver(chat: ChatKind.Group) { Now = Now };

        var replies = Say(chat, "/report all", TwoMonths);

        var move = Assert.IsType<MoveToPrivateReply>(Assert.Single(replies));
        Assert.Equal(Wording.MoveToPrivate, move.Text);
        Assert.Equal("report", move.StartPayload);
    }

    [Fact]
    public void The_private_chat_link_from_a_group_starts_the_report()
    {
        var replies = Say(Chat(), "/start report", TwoMonths);

        Assert.IsType<ReportReply>(Assert.Single(replies));
    }

    [Fact]
    public void A_report_during_an_episode_leaves_the_episode_where_it_was()
    {
        var chat = Chat();
        chat.Send("/headache");
        var before = chat.State;

        Assert.IsType<ReportReply>(Assert.Single(Say(chat, "/report", TwoMonths)));
        Assert.Equal(before, chat.State);
    }

    [Fact]
    public async Task Through_the_service_the_report_becomes_a_pdf_file_for_the_last_30_days_of_the_fake_clock()
    {
        var time = new FakeTimeProvider(Now);
        var store = new InMemoryConversationStore();
        var diary = new ListEpisodeStore([Episode(20, before: 6, user: "telegram:100"), Episode(40, before: 5, user: "telegram:100")]);
        var renderer = new CapturingRenderer();
        var sender = new RecordingSender();
        await using var service = new ConversationService(new ConversationEngine(Options.Create(new ConversationOptions())), store, [sender], time,
            new FakeLogger<ConversationService>(), diary, reports: renderer);
        var key = ConversationKey.Private(Platform.Telegram, "100", "100");

        async Task<Reply> ReportAsync()
        {
            var receipt = await service.HandleAsync(new CommandReceived(key, ChatKind.Private, "100", time.GetUtcNow(), null, "report", "30d"));
            await receipt.Delivered;
            return sender.Sent[key].Last();
        }

        var file = Assert.IsType<FileReply>(await ReportAsync());
        Assert.Equal(("report", "breathebot-report.pdf", "application/pdf"), (file.Key, file.FileName, file.ContentType));
        Assert.Equal("%PDF-fake", System.Text.Encoding.ASCII.GetString(file.Content.Span));
        Assert.Equal(1, renderer.Reports[^1].HeadacheEpisodes);

        time.Advance(TimeSpan.FromDays(15)); // the 20-day-old episode is now 35 days old
        Assert.Equal("report.empty-window", (await ReportAsync()).Key);
        Assert.Single(renderer.Reports);
    }

    [Fact]
    public async Task Without_a_report_renderer_the_service_says_the_report_cannot_be_made()
    {
        var store = new InMemoryConversationStore();
        var sender = new RecordingSender();
        await using var service = new ConversationService(new ConversationEngine(Options.Create(new ConversationOptions())), store, [sender],
            new FakeTimeProvider(Now), new FakeLogger<ConversationService>(), new ListEpisodeStore([Episode(2, before: 5, user: "telegram:100")]));
        var key = ConversationKey.Private(Platform.Telegram, "100", "100");

        await (await service.HandleAsync(new CommandReceived(key, ChatKind.Private, "100", Now, null, "report", null))).Delivered;

        var reply = Assert.IsType<TextReply>(sender.Sent[key].Last());
        Assert.Equal(("report.unavailable", ReportWording.Unavailable), (reply.Key, reply.Text));
    }

    private sealed class ListEpisodeStore(IReadOnlyList<Episode> episodes) : IEpisodeStore
    {
        public ValueTask<Episode?> GetAsync(string episodeId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(episodes.FirstOrDefault(e => e.Id == episodeId));

        public ValueTask<IReadOnlyList<Episode>> ListByUserAsync(string userKey, int skip, int take, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Episode>>([.. episodes.Where(e => e.UserKey == userKey).OrderByDescending(e => e.StartedAt).Skip(skip).Take(take)]);
    }

    private sealed class CapturingRenderer : IReportRenderer
    {
        public List<DiaryReport> Reports { get; } = [];

        public byte[] RenderPdf(DiaryReport report)
        {
            Reports.Add(report);
            return "%PDF-fake"u8.ToArray();
        }
    }
}
