using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>Daily check-in answers on LiteDB: one per person and local day, erased by /forget, moved by /link.</summary>
public sealed partial class CheckInStorageTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationKey Telegram = ConversationKey.Private(Platform.Telegram, "7001", "7001");
    private static readonly ConversationKey Discord = ConversationKey.Private(Platform.Discord, "990001", "880001");
    private readonly TempDatabase _file = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly TextSender _telegram = new(Platform.Telegram);
    private readonly TextSender _discord = new(Platform.Discord);

    public void Dispose() => _file.Dispose();

    private static LiteDbConversationStore Store(DiaryDatabase db) => new(db, NullLogger<LiteDbConversationStore>.Instance);

    private static StoredConversation Conversation(ConversationKey key) => new(key, ChatKind.Private, new IdleState(), T0, []);

    [GeneratedRegex(@"/link ([A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodePattern();

    [Fact]
    public async Task A_second_answer_for_the_same_day_replaces_the_first_and_days_list_newest_first()
    {
        using var db = _file.Open();
        var store = Store(db);
        await store.CommitAsync(new TurnCommit(Conversation(Telegram), [], null)
        {
            Days = [new("telegram:7001", new DateOnly(2026, 3, 9), DayHeadache.None, T0), new("telegram:7001", new DateOnly(2026, 3, 10), DayHeadache.None, T0)],
        }, default);
        await store.CommitAsync(new TurnCommit(Conversation(Telegram), [], null)
        {
            Days = [new("telegram:7001", new DateOnly(2026, 3, 10), DayHeadache.Severe, T0.AddMinutes(1))],
        }, default);

        var days = await new LiteDbEpisodeStore(db).ListDaysAsync("telegram:7001", default);

        Assert.Equal(
            [new DayRecord("telegram:7001", new DateOnly(2026, 3, 10), DayHeadache.Severe, T0.AddMinutes(1)), new DayRecord("telegram:7001", new DateOnly(2026, 3, 9), DayHeadache.None, T0)],
            days);
        Assert.Empty(await new LiteDbEpisodeStore(db).ListDaysAsync("telegram:other", default));
    }

    [Fact]
    public async Task The_check_in_setting_round_trips_and_a_profile_stored_before_it_reads_as_off()
    {
        using var db = _file.Open();
        var store = Store(db);
        var profile = new UserProfile { UserKey = "telegram:7001", FirstSeenAt = T0, CheckInTime = new TimeOnly(20, 30), LastCheckInDay = new DateOnly(2026, 3, 9) };
        await store.CommitAsync(new TurnCommit(Conversation(Telegram), [], profile), default);
        Assert.Equal(profile, await store.LoadProfileAsync("telegram:7001", default));

        // As an older BreatheBot wrote it: no check-in fields at all.
        await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Users).Upsert(new BsonDocument
        {
            ["_id"] = "telegram:old", ["v"] = 1, ["firstSeenAt"] = T0.UtcDateTime, ["disclaimerShownAt"] = BsonValue.Null,
            ["lastEmergencyFlagAt"] = BsonValue.Null, ["timeZone"] = BsonValue.Null, ["preset"] = BsonValue.Null, ["minutes"] = BsonValue.Null,
            ["followUpMinutes"] = BsonValue.Null, ["emergencyNumbers"] = BsonValue.Null,
        }), default);
        var old = await store.LoadProfileAsync("telegram:old", default);
        Assert.Null(old!.CheckInTime);
        Assert.Null(old.LastCheckInDay);
    }

    private ConversationService Service(DiaryDatabase db) =>
        new(new ConversationEngine(Options.Create(new ConversationOptions())), Store(db), [_telegram, _discord], _time, NullLogger<ConversationService>.Instance, new LiteDbEpisodeStore(db));

    private async Task Say(ConversationService service, ConversationKey key, string line)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        InboundEvent inbound = line.StartsWith('/')
            ? new CommandReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), null, line[1..].Split(' ')[0], line.Contains(' ', StringComparison.Ordinal) ? line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null)
            : new TextReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), null, line);
        await (await service.HandleAsync(inbound)).Delivered;
    }

    [Fact]
    public async Task Check_in_days_move_with_a_linked_account_and_forget_erases_them()
    {
        using var db = _file.Open();
        await using var service = Service(db);
        await Say(service, Discord, "/settings checkin 13:00");
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero)); // the check-in (UTC)
        await service.WhenIdleAsync();
        Assert.Equal("Any headache today?", _discord.Texts[^1]);
        await Say(service, Discord, "none");

        var episodes = new LiteDbEpisodeStore(db);
        Assert.Single(await episodes.ListDaysAsync(Discord.UserKey, default));

        await Say(service, Telegram, "/link");
        var code = CodePattern().Match(_telegram.Texts[^1]).Groups[1].Value;
        await Say(service, Discord, "/link " + code);

        Assert.Empty(await episodes.ListDaysAsync(Discord.UserKey, default));
        Assert.Equal(DayHeadache.None, Assert.Single(await episodes.ListDaysAsync(Telegram.UserKey, default)).Headache);

        await Say(service, Telegram, "/forget");
        await Say(service, Telegram, "yes");
        Assert.Empty(await episodes.ListDaysAsync(Telegram.UserKey, default));
        Assert.Equal(0, db.Read(d => d.GetCollection(DiaryDatabase.Days).Count()));
        await service.StopAsync(CancellationToken.None);
    }

    private sealed class TextSender(Platform platform) : IReplySender
    {
        private readonly Lock _gate = new();

        public List<string> Texts { get; } = [];

        public Platform Platform => platform;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Texts.AddRange(replies.Select(r => r is TextReply t ? t.Text : string.Empty));
            }

            return Task.CompletedTask;
        }
    }
}
