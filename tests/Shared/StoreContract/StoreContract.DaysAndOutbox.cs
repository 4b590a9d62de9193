using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using static BreatheBot.Storage.Contract.StoreContractData;

namespace BreatheBot.Storage.Contract;

/// <summary>The contract's second half: deleting episodes, daily check-in days and the durable reply outbox.</summary>
public abstract partial class StoreContract
{
    private static readonly DateOnly Day10 = new(2026, 3, 10);

    /// <summary>Every provider keeps the durable outbox (the core delivers from memory only without it).</summary>
    protected IOutboxStore Outbox => Assert.IsAssignableFrom<IOutboxStore>(Conversations);

    private static OutboxEntry Reply(string id, ConversationKey key, long sequence, string payload = "{\"v\":1,\"text\":\"hi\"}") =>
        new(id, key, key.IsChannel ? ChatKind.Group : ChatKind.Private, sequence, payload, T0.AddSeconds(sequence));

    private static DayRecord Day(string userKey, int dayOfMonth, DayHeadache headache, DateTimeOffset answeredAt) =>
        new(userKey, new DateOnly(2026, 3, dayOfMonth), headache, answeredAt);

    private async Task<string[]> UnsentIdsAsync() => [.. (await Outbox.LoadUnsentAsync(default)).Select(e => e.Id)];

    [Fact]
    public async Task Deleted_episodes_are_gone_after_the_turn_writes_a_deletion_wins_over_a_write_and_unknown_ids_are_ignored()
    {
        var key = Chat("1");
        await CommitAsync(Turn(Conversation(key), [Episode("e1", "telegram:1", T0), Episode("e2", "telegram:1", T0.AddDays(1)), Episode("e3", "telegram:1", T0.AddDays(2))]));

        await CommitAsync(Turn(Conversation(key, new IdleState(), T0.AddMinutes(1), "d1"), [Episode("e2", "telegram:1", T0.AddDays(5)), Episode("e4", "telegram:1", T0.AddDays(3))]) with
        {
            DeleteEpisodes = ["e1", "e2", "unknown"],
        });
        await ReopenAsync();

        Assert.Null(await Episodes.GetAsync("e1", default));
        Assert.Null(await Episodes.GetAsync("e2", default));
        Assert.Equal(["e4", "e3"], (await Episodes.ListByUserAsync("telegram:1", 0, 10, default)).Select(e => e.Id));
        Assert.Equal(["d1"], (await Conversations.LoadAsync(key, default))!.RecentDeliveryIds);
    }

    [Fact]
    public async Task A_deletion_commits_with_its_turn_or_not_at_all_and_reaches_the_episodes_of_a_linked_account_person()
    {
        var person = "telegram:1";
        var account = ConversationKey.Private(Platform.Discord, "77", "2");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1")), [Episode("p1", person, T0), Episode("p2", person, T0.AddDays(1))]) with { CreateLinkCode = code });
        await CommitAsync(Turn(Conversation(account)) with { LinkToPerson = code });
        var broken = Episode("broken", person, T0) with { Id = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => CommitAsync(Turn(Conversation(account), [broken]) with { DeleteEpisodes = ["p1"] }).AsTask());
        Assert.NotNull(await Episodes.GetAsync("p1", default));

        await CommitAsync(Turn(Conversation(account)) with { DeleteEpisodes = ["p1"] }); // from the linked account's chat
        Assert.Null(await Episodes.GetAsync("p1", default));
        Assert.Equal(["p2"], (await Episodes.ListByUserAsync(person, 0, 10, default)).Select(e => e.Id));
    }

    [Fact]
    public async Task Check_in_days_are_one_per_person_and_day_a_second_answer_replaces_the_first_and_they_list_newest_day_first()
    {
        await CommitAsync(Turn(Conversation(Chat("1"))) with
        {
            Days = [Day("telegram:1", 10, DayHeadache.None, T0), Day("telegram:1", 12, DayHeadache.Mild, T0.AddDays(2)), Day("telegram:1", 11, DayHeadache.Severe, T0.AddDays(1))],
        });
        await CommitAsync(Turn(Conversation(Chat("2"))) with { Days = [Day("telegram:2", 10, DayHeadache.Moderate, T0)] });
        var corrected = Day("telegram:1", 10, DayHeadache.Moderate, T0.AddHours(3));
        await CommitAsync(Turn(Conversation(Chat("1"))) with { Days = [corrected] });
        await ReopenAsync();

        var days = await Episodes.ListDaysAsync("telegram:1", default);
        Assert.Equal([Day("telegram:1", 12, DayHeadache.Mild, T0.AddDays(2)), Day("telegram:1", 11, DayHeadache.Severe, T0.AddDays(1)), corrected], days);
        Assert.All(days, d => Assert.Equal(TimeSpan.Zero, d.AnsweredAt.Offset));
        Assert.Equal([Day("telegram:2", 10, DayHeadache.Moderate, T0)], await Episodes.ListDaysAsync("telegram:2", default));
        Assert.Empty(await Episodes.ListDaysAsync("telegram:3", default));
    }

    [Fact]
    public async Task Linking_moves_check_in_days_to_the_person_and_on_a_day_both_answered_the_later_answer_wins()
    {
        var person = "telegram:1";
        var account = ConversationKey.Private(Platform.Discord, "77", "2");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1"))) with
        {
            CreateLinkCode = code,
            Days = [Day(person, 10, DayHeadache.Severe, T0.AddHours(1)), Day(person, 12, DayHeadache.None, T0), Day(person, 13, DayHeadache.Mild, T0.AddHours(5))],
        });
        await CommitAsync(Turn(Conversation(account)) with
        {
            Days = [Day("discord:2", 10, DayHeadache.Mild, T0.AddHours(2)), Day("discord:2", 11, DayHeadache.None, T0), Day("discord:2", 13, DayHeadache.Severe, T0.AddHours(3))],
        });

        await CommitAsync(Turn(Conversation(account)) with { LinkToPerson = code });
        await ReopenAsync();

        Assert.Equal(
            [
                Day(person, 13, DayHeadache.Mild, T0.AddHours(5)), // the person's own answer was later
                Day(person, 12, DayHeadache.None, T0),
                Day(person, 11, DayHeadache.None, T0),
                Day(person, 10, DayHeadache.Mild, T0.AddHours(2)), // the account's answer was later
            ],
            await Episodes.ListDaysAsync(person, default));
        Assert.Empty(await Episodes.ListDaysAsync("discord:2", default));
    }

    [Fact]
    public async Task Forgetting_a_person_erases_their_check_in_days_and_those_of_linked_accounts_and_no_one_else_s()
    {
        var person = "telegram:1";
        var account = ConversationKey.Private(Platform.Discord, "77", "2");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1"))) with { CreateLinkCode = code, Days = [Day(person, 10, DayHeadache.None, T0)] });
        await CommitAsync(Turn(Conversation(account)) with { LinkToPerson = code });
        await CommitAsync(Turn(Conversation(account)) with { Days = [Day("discord:2", 11, DayHeadache.Mild, T0)] }); // written under the account itself
        await CommitAsync(Turn(Conversation(Chat("5"))) with { Days = [Day("telegram:5", 10, DayHeadache.Severe, T0)] });

        await CommitAsync(Turn(Conversation(Chat("1"))) with { ForgetUsers = [person], Days = [Day(person, 12, DayHeadache.None, T0)] });
        await ReopenAsync();

        Assert.Empty(await Episodes.ListDaysAsync(person, default));
        Assert.Empty(await Episodes.ListDaysAsync("discord:2", default));
        Assert.Equal([Day("telegram:5", 10, DayHeadache.Severe, T0)], await Episodes.ListDaysAsync("telegram:5", default));
    }

    [Fact]
    public async Task A_turn_writes_its_replies_and_outbox_sequence_in_the_same_transaction_as_its_state_or_neither()
    {
        var key = Chat("1");
        Assert.Empty(await Outbox.LoadUnsentAsync(default));
        var first = Reply("aaaaaaaaaaaaaaa1", key, 1, "{\"text\":\"Hallo \\\"ü\\\"\\n🍷\"}");
        await CommitAsync(Turn(Conversation(key, new IdleState(), T0, "d1") with { OutboxSequence = 2 }) with { Outbox = [first, Reply("aaaaaaaaaaaaaaa2", key, 2)] });

        var broken = Episode("broken", "telegram:1", T0) with { Id = null! };
        await Assert.ThrowsAnyAsync<Exception>(() => CommitAsync(Turn(Conversation(key, new IdleState(), T0, "d1", "d2") with { OutboxSequence = 3 }, [broken]) with
        {
            Outbox = [Reply("aaaaaaaaaaaaaaa3", key, 3)],
        }).AsTask());
        await ReopenAsync();

        var unsent = await Outbox.LoadUnsentAsync(default);
        Assert.Equal([first, Reply("aaaaaaaaaaaaaaa2", key, 2)], unsent);
        Assert.Equal(TimeSpan.Zero, unsent[0].CreatedAt.Offset);
        var stored = await Conversations.LoadAsync(key, default);
        Assert.Equal(2, stored!.OutboxSequence);
        Assert.Equal(["d1"], stored.RecentDeliveryIds);
    }

    [Fact]
    public async Task Unsent_replies_come_back_ordered_by_conversation_then_sequence_whatever_the_commit_order()
    {
        var one = Chat("1");
        var two = Chat("2");
        var channel = ConversationKey.Channel(Platform.Discord, "555");
        await CommitAsync(Turn(Conversation(two)) with { Outbox = [Reply("t1", two, 1)] });
        await CommitAsync(Turn(Conversation(one)) with { Outbox = [Reply("o2", one, 2), Reply("o1", one, 1)] });
        await CommitAsync(Turn(Conversation(channel)) with { Outbox = [Reply("c1", channel, 1)] });
        await CommitAsync(Turn(Conversation(two)) with { Outbox = [Reply("t10", two, 10), Reply("t2", two, 2)] });
        await CommitAsync(Turn(Conversation(one)) with { Outbox = [Reply("o3", one, 3)] });
        await ReopenAsync();

        // "discord:555:" < "telegram:100:1" < "telegram:100:2" (ordinal), then by sequence as a number
        Assert.Equal(["c1", "o1", "o2", "o3", "t1", "t2", "t10"], await UnsentIdsAsync());
        Assert.Equal(ChatKind.Group, (await Outbox.LoadUnsentAsync(default))[0].Chat);
    }

    [Fact]
    public async Task Replies_marked_sent_never_come_back_and_unknown_or_repeated_ids_are_ignored()
    {
        var key = Chat("1");
        await CommitAsync(Turn(Conversation(key)) with { Outbox = [Reply("r1", key, 1), Reply("r2", key, 2), Reply("r3", key, 3)] });

        await Outbox.MarkSentAsync(["r1", "r3", "unknown"], default);
        await Outbox.MarkSentAsync(["r1"], default);
        await Outbox.MarkSentAsync([], default);
        await ReopenAsync();

        Assert.Equal(["r2"], await UnsentIdsAsync());
        await Outbox.MarkSentAsync(["r2"], default);
        Assert.Empty(await Outbox.LoadUnsentAsync(default));
    }

    [Fact]
    public async Task Forgetting_a_person_erases_their_private_unsent_replies_then_writes_the_turn_own_confirmation()
    {
        var person = "telegram:1";
        var linked = ConversationKey.Private(Platform.Discord, "77", "2");
        var channel = ConversationKey.Channel(Platform.Telegram, "100");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1"))) with { CreateLinkCode = code, Outbox = [Reply("p1", Chat("1"), 1)] });
        await CommitAsync(Turn(Conversation(Chat("1", chat: "200"))) with { Outbox = [Reply("p2", Chat("1", chat: "200"), 1)] });
        await CommitAsync(Turn(Conversation(linked)) with { LinkToPerson = code, Outbox = [Reply("l1", linked, 1)] });
        await CommitAsync(Turn(Conversation(channel)) with { Outbox = [Reply("c1", channel, 1)] });
        await CommitAsync(Turn(Conversation(Chat("5"))) with { Outbox = [Reply("x1", Chat("5"), 1)] });

        await CommitAsync(Turn(Conversation(Chat("1")) with { OutboxSequence = 2 }) with { ForgetUsers = [person], Outbox = [Reply("bye", Chat("1"), 2)] });
        await ReopenAsync();

        // "telegram:100:" (the channel) < "telegram:100:1" (the confirmation) < "telegram:100:5"
        Assert.Equal(["c1", "bye", "x1"], await UnsentIdsAsync());
    }
}
