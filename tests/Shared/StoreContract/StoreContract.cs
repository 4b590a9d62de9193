using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using static BreatheBot.Storage.Contract.StoreContractData;

namespace BreatheBot.Storage.Contract;

/// <summary>
/// What every storage provider promises the core (IConversationStore, IEpisodeStore), run against each provider by a
/// subclass in its test project (LiteDB and PostgreSQL); deletions, check-in days and the outbox are in
/// StoreContract.DaysAndOutbox.cs. Each test starts on empty storage; <see cref="ReopenAsync"/>
/// closes the stores and opens them again on the same storage, as a restart would.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private StoreSession? _session;

    /// <summary>Opens the provider's stores on this test's storage (empty the first time).</summary>
    protected abstract Task<StoreSession> OpenAsync();

    /// <summary>Removes this test's storage after the stores are closed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    protected IConversationStore Conversations => (_session ?? throw new InvalidOperationException("Not open.")).Conversations;

    protected IEpisodeStore Episodes => (_session ?? throw new InvalidOperationException("Not open.")).Episodes;

    public async Task InitializeAsync() => _session = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        await CleanUpAsync();
    }

    protected async Task ReopenAsync()
    {
        await _session!.DisposeAsync();
        _session = null;
        _session = await OpenAsync();
    }

    private ValueTask CommitAsync(TurnCommit commit) => Conversations.CommitAsync(commit, CancellationToken.None);

    [Fact]
    public async Task A_conversation_never_saved_loads_as_null()
    {
        Assert.Null(await Conversations.LoadAsync(Chat("1"), default));
        Assert.Null(await Conversations.LoadProfileAsync("telegram:1", default));
        Assert.Null(await Episodes.GetAsync("nope", default));
        Assert.Empty(await Episodes.ListByUserAsync("telegram:1", 0, 10, default));
        Assert.Empty(await Conversations.LoadScheduledAsync(default));
    }

    [Fact]
    public async Task A_committed_turn_survives_a_restart_with_its_state_time_kind_and_delivery_ids_in_order()
    {
        var key = Chat("1");
        var state = new ScreeningState(RedFlagTier.SameDay) { Episode = Episode("e1", "telegram:1", T0), WakeAt = T0.AddHours(2) };
        await CommitAsync(Turn(Conversation(key, state, T0.AddSeconds(5), "u:3", "u:1", "u:2")));
        await ReopenAsync();

        var loaded = await Conversations.LoadAsync(key, default);

        Assert.NotNull(loaded);
        Assert.Equal(key, loaded.Key);
        Assert.Equal(ChatKind.Private, loaded.Chat);
        Assert.Equal(T0.AddSeconds(5), loaded.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, loaded.UpdatedAt.Offset);
        Assert.Equal(["u:3", "u:1", "u:2"], loaded.RecentDeliveryIds);
        Assert.False(loaded.StateWasReset);
        var screening = Assert.IsType<ScreeningState>(loaded.State);
        Assert.Equal(RedFlagTier.SameDay, screening.Tier);
        Assert.Equal(T0.AddHours(2), loaded.WakeAt);
        Assert.Equal("e1", screening.Episode?.Id);
    }

    [Fact]
    public async Task A_later_commit_replaces_the_conversation_and_a_channel_keeps_its_group_kind()
    {
        var key = Chat("1");
        var channel = ConversationKey.Channel(Platform.Discord, "555");
        await CommitAsync(Turn(Conversation(key, new ScreeningState(RedFlagTier.SameDay) { Episode = Flow, WakeAt = T0 }, T0, "a")));
        await CommitAsync(Turn(Conversation(key, new IdleState(), T0.AddMinutes(1), "a", "b")));
        await CommitAsync(Turn(Conversation(channel)));

        var loaded = await Conversations.LoadAsync(key, default);
        var group = await Conversations.LoadAsync(channel, default);

        Assert.IsType<IdleState>(loaded!.State);
        Assert.Null(loaded.WakeAt);
        Assert.Equal(["a", "b"], loaded.RecentDeliveryIds);
        Assert.Equal(ChatKind.Group, group!.Chat);
        Assert.True(group.Key.IsChannel);
    }

    [Fact]
    public async Task A_turn_commits_its_state_episodes_and_profile_together_or_not_at_all()
    {
        var key = Chat("1");
        var good = Episode("good", "telegram:1", T0);
        var broken = Episode("broken", "telegram:1", T0) with { Id = null! }; // a row no store can keep
        await CommitAsync(Turn(Conversation(key, new IdleState(), T0, "first")));

        await Assert.ThrowsAnyAsync<Exception>(() => CommitAsync(Turn(
            Conversation(key, new ScreeningState(RedFlagTier.SameDay) { Episode = Flow }, T0.AddMinutes(1), "first", "second"), [good, broken], Profile("telegram:1"))).AsTask());

        var loaded = await Conversations.LoadAsync(key, default);
        Assert.IsType<IdleState>(loaded!.State);
        Assert.Equal(["first"], loaded.RecentDeliveryIds);
        Assert.Null(await Episodes.GetAsync("good", default));
        Assert.Null(await Conversations.LoadProfileAsync("telegram:1", default));

        await CommitAsync(Turn(Conversation(key, new ScreeningState(RedFlagTier.SameDay) { Episode = Flow }, T0.AddMinutes(2)), [good], Profile("telegram:1")));
        Assert.IsType<ScreeningState>((await Conversations.LoadAsync(key, default))!.State);
        Assert.NotNull(await Episodes.GetAsync("good", default));
        Assert.NotNull(await Conversations.LoadProfileAsync("telegram:1", default));
    }

    [Fact]
    public async Task An_episode_round_trips_every_field_in_utc_and_a_later_commit_of_the_same_id_replaces_it()
    {
        var episode = FullEpisode();
        await CommitAsync(Turn(Conversation(ConversationKey.Parse(episode.ConversationKey)), [episode]));
        await ReopenAsync();

        var read = await Episodes.GetAsync(episode.Id, default);
        Assert.NotNull(read);
        Assert.Equal(TimeSpan.Zero, read.StartedAt.Offset);
        Assert.Equivalent(episode, read, strict: true);

        var updated = episode with { PainAtFollowUp = 0, Status = EpisodeStatus.Stopped, OtherTrigger = null, Over65 = null };
        await CommitAsync(Turn(Conversation(ConversationKey.Parse(episode.ConversationKey)), [updated]));
        Assert.Equivalent(updated, await Episodes.GetAsync(episode.Id, default), strict: true);
    }

    [Fact]
    public async Task Scheduled_wake_ups_are_exactly_the_conversations_with_a_wake_time()
    {
        await CommitAsync(Turn(Conversation(Chat("1"), new ScreeningState(RedFlagTier.SameDay) { Episode = Flow, WakeAt = T0.AddMinutes(30) })));
        await CommitAsync(Turn(Conversation(Chat("2"), new IdleState())));
        await CommitAsync(Turn(Conversation(Chat("3"), new FollowUpPendingState { Episode = Flow, WakeAt = T0.AddMinutes(5) })));
        await CommitAsync(Turn(Conversation(Chat("4"), new FollowUpPendingState { Episode = Flow, WakeAt = T0 })));
        await CommitAsync(Turn(Conversation(Chat("4"), new IdleState()))); // its wake-up was cleared
        await ReopenAsync();

        var scheduled = await Conversations.LoadScheduledAsync(default);

        Assert.Equal(
            [(Chat("1"), T0.AddMinutes(30)), (Chat("3"), T0.AddMinutes(5))],
            scheduled.Select(c => (c.Key, c.WakeAt!.Value)).OrderBy(c => c.Key.UserId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_profile_round_trips_every_field_and_the_latest_commit_wins()
    {
        var profile = Profile("discord:9");
        await CommitAsync(Turn(Conversation(ConversationKey.Private(Platform.Discord, "1", "9")), profile: profile));
        await ReopenAsync();
        Assert.Equivalent(profile, await Conversations.LoadProfileAsync("discord:9", default), strict: true);

        var changed = profile with { TimeZoneId = null, PreferredPreset = null, BreathHoldsOff = false, EmergencyNumbers = "999" };
        await CommitAsync(Turn(Conversation(ConversationKey.Private(Platform.Discord, "1", "9")), profile: changed));
        Assert.Equivalent(changed, await Conversations.LoadProfileAsync("discord:9", default), strict: true);
        Assert.Null(await Conversations.LoadProfileAsync("discord:10", default));
    }

    [Fact]
    public async Task A_person_history_is_newest_first_ties_by_larger_id_with_skip_and_take_and_only_their_own()
    {
        var mine = new[]
        {
            Episode("a", "telegram:1", T0),
            Episode("b", "telegram:1", T0.AddDays(2)),
            Episode("c", "telegram:1", T0.AddDays(1)),
            Episode("d", "telegram:1", T0.AddDays(1)), // same start as c: the larger id first
            Episode("e", "telegram:1", T0.AddDays(3)),
        };
        await CommitAsync(Turn(Conversation(Chat("1")), mine));
        await CommitAsync(Turn(Conversation(Chat("2")), [Episode("z", "telegram:2", T0.AddDays(9))]));

        Assert.Equal(["e", "b", "d", "c", "a"], (await Episodes.ListByUserAsync("telegram:1", 0, 10, default)).Select(e => e.Id));
        Assert.Equal(["d", "c"], (await Episodes.ListByUserAsync("telegram:1", 2, 2, default)).Select(e => e.Id));
        Assert.Equal(["a"], (await Episodes.ListByUserAsync("telegram:1", 4, 5, default)).Select(e => e.Id));
        Assert.Empty(await Episodes.ListByUserAsync("telegram:1", 5, 5, default));
        Assert.Equal(["z"], (await Episodes.ListByUserAsync("telegram:2", 0, 10, default)).Select(e => e.Id));
        Assert.Empty(await Episodes.ListByUserAsync("telegram:", 0, 10, default));
    }

    [Fact]
    public async Task A_link_code_is_stored_with_its_person_and_expiry_and_unknown_codes_are_null()
    {
        var code = new LinkCode("K7Q2ZX", "telegram:1", T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1"))) with { CreateLinkCode = code });
        await ReopenAsync();

        Assert.Equal(code, await Conversations.FindLinkCodeAsync("K7Q2ZX", default));
        Assert.Null(await Conversations.FindLinkCodeAsync("UNKNOWN", default));
        Assert.Equal("telegram:1", await Conversations.ResolvePersonAsync("telegram:1", default));
    }

    [Fact]
    public async Task Linking_moves_the_account_and_its_episodes_to_the_person_drops_its_profile_and_uses_up_the_code()
    {
        var person = "telegram:1";
        var account = ConversationKey.Private(Platform.Discord, "77", "2");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1")), [Episode("p1", person, T0)], Profile(person)) with { CreateLinkCode = code });
        await CommitAsync(Turn(Conversation(account), [Episode("a1", "discord:2", T0.AddDays(1))], Profile("discord:2")));

        await CommitAsync(Turn(Conversation(account)) with { LinkToPerson = code });
        await ReopenAsync();

        Assert.Equal(person, await Conversations.ResolvePersonAsync("discord:2", default));
        Assert.Equal(["a1", "p1"], (await Episodes.ListByUserAsync(person, 0, 10, default)).Select(e => e.Id));
        Assert.Equal(person, (await Episodes.GetAsync("a1", default))!.UserKey);
        Assert.Empty(await Episodes.ListByUserAsync("discord:2", 0, 10, default));
        Assert.Null(await Conversations.LoadProfileAsync("discord:2", default));
        Assert.NotNull(await Conversations.LoadProfileAsync(person, default));
        Assert.Null(await Conversations.FindLinkCodeAsync("K7Q2ZX", default));

        // an account already linked moves with its person when that person links on
        var third = new LinkCode("M3N4P5", "discord:3", T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(ConversationKey.Private(Platform.Discord, "78", "3"))) with { CreateLinkCode = third });
        await CommitAsync(Turn(Conversation(Chat("1"))) with { LinkToPerson = third });
        Assert.Equal("discord:3", await Conversations.ResolvePersonAsync("discord:2", default));
        Assert.Equal("discord:3", await Conversations.ResolvePersonAsync(person, default));
        Assert.Equal(["a1", "p1"], (await Episodes.ListByUserAsync("discord:3", 0, 10, default)).Select(e => e.Id));
    }

    [Fact]
    public async Task Forgetting_a_person_erases_everything_of_theirs_and_of_linked_accounts_and_nothing_of_anyone_else()
    {
        var person = "telegram:1";
        var linked = ConversationKey.Private(Platform.Discord, "77", "2");
        var code = new LinkCode("K7Q2ZX", person, T0.AddMinutes(10));
        await CommitAsync(Turn(Conversation(Chat("1"), new FollowUpPendingState { Episode = Flow, WakeAt = T0 }), [Episode("p1", person, T0)], Profile(person)) with { CreateLinkCode = code });
        await CommitAsync(Turn(Conversation(Chat("1", chat: "200")))); // the same person in another chat
        await CommitAsync(Turn(Conversation(linked), [Episode("a1", "discord:2", T0)]) with { LinkToPerson = code });
        await CommitAsync(Turn(Conversation(linked)) with { CreateLinkCode = new LinkCode("OPEN12", person, T0.AddMinutes(10)) });
        var channel = ConversationKey.Channel(Platform.Telegram, "100");
        await CommitAsync(Turn(Conversation(channel)));
        await CommitAsync(Turn(Conversation(Chat("5")), [Episode("x1", "telegram:5", T0)], Profile("telegram:5")));

        // forgetting through the linked account, from the channel's turn (the channel's state is still written)
        await CommitAsync(Turn(Conversation(channel, new IdleState(), T0.AddMinutes(1), "d1")) with { ForgetUsers = ["discord:2"] });
        await ReopenAsync();

        Assert.Null(await Conversations.LoadAsync(Chat("1"), default));
        Assert.Null(await Conversations.LoadAsync(Chat("1", chat: "200"), default));
        Assert.Null(await Conversations.LoadAsync(linked, default));
        Assert.Empty(await Conversations.LoadScheduledAsync(default));
        Assert.Null(await Episodes.GetAsync("p1", default));
        Assert.Null(await Episodes.GetAsync("a1", default));
        Assert.Empty(await Episodes.ListByUserAsync(person, 0, 10, default));
        Assert.Null(await Conversations.LoadProfileAsync(person, default));
        Assert.Null(await Conversations.FindLinkCodeAsync("OPEN12", default));
        Assert.Equal("discord:2", await Conversations.ResolvePersonAsync("discord:2", default));

        Assert.Equal(["d1"], (await Conversations.LoadAsync(channel, default))!.RecentDeliveryIds);
        Assert.NotNull(await Conversations.LoadAsync(Chat("5"), default));
        Assert.NotNull(await Episodes.GetAsync("x1", default));
        Assert.NotNull(await Conversations.LoadProfileAsync("telegram:5", default));
    }

    [Fact]
    public async Task Forgetting_from_the_person_own_chat_does_not_write_that_chat_state_again()
    {
        var key = Chat("1");
        await CommitAsync(Turn(Conversation(key), [Episode("p1", "telegram:1", T0)], Profile("telegram:1")));

        await CommitAsync(Turn(Conversation(key, new IdleState(), T0.AddMinutes(1), "d1"), [Episode("p2", "telegram:1", T0)], Profile("telegram:1")) with { ForgetUsers = ["telegram:1"] });

        Assert.Null(await Conversations.LoadAsync(key, default));
        Assert.Null(await Episodes.GetAsync("p2", default));
        Assert.Null(await Conversations.LoadProfileAsync("telegram:1", default));
    }

    [Fact]
    public async Task Moving_a_chat_keeps_the_conversation_under_the_new_key_only()
    {
        var from = ConversationKey.Channel(Platform.Telegram, "-100");
        var to = ConversationKey.Channel(Platform.Telegram, "-1009999");
        await CommitAsync(Turn(Conversation(from, new ScreeningState(RedFlagTier.SameDay) { Episode = Flow, WakeAt = T0 }, T0, "d1")));

        await Conversations.MoveChatAsync(from, to, default);
        await Conversations.MoveChatAsync(ConversationKey.Channel(Platform.Telegram, "-5"), ConversationKey.Channel(Platform.Telegram, "-6"), default);
        await ReopenAsync();

        Assert.Null(await Conversations.LoadAsync(from, default));
        var moved = await Conversations.LoadAsync(to, default);
        Assert.Equal(to, moved!.Key);
        Assert.IsType<ScreeningState>(moved.State);
        Assert.Equal(["d1"], moved.RecentDeliveryIds);
        Assert.Equal([to], (await Conversations.LoadScheduledAsync(default)).Select(c => c.Key));
        Assert.Null(await Conversations.LoadAsync(ConversationKey.Channel(Platform.Telegram, "-6"), default));
    }

    [Fact]
    public async Task Many_delivery_ids_with_any_characters_round_trip_in_order()
    {
        string[] ids = [.. Enumerable.Range(0, 64).Select(i => $"telegram:update:{i}"), "discord:ü,\"{}\\", string.Empty];
        await CommitAsync(Turn(Conversation(Chat("1"), recent: ids)));
        await ReopenAsync();

        Assert.Equal(ids, (await Conversations.LoadAsync(Chat("1"), default))!.RecentDeliveryIds);
    }
}
