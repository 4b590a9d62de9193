using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.LiteDb.Tests;

public sealed class StorageTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, 123, TimeSpan.Zero);
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    private static LiteDbConversationStore Store(DiaryDatabase db) => new(db, NullLogger<LiteDbConversationStore>.Instance);

    private static Episode FullEpisode() => new()
    {
        Id = "telegram-42-1",
        UserKey = "telegram:42",
        ConversationKey = "telegram:42:42",
        Kind = EpisodeKind.Headache,
        StartedAt = T0,
        UpdatedAt = T0.AddMinutes(20),
        Status = EpisodeStatus.Completed,
        RedFlagTier = RedFlagTier.SameDay,
        RedFlags = ["S2", "S5"],
        EmergencyScreenClear = true,
        SameDayScreenClear = false,
        PainBefore = 7,
        PainAfterBreathing = 5,
        PainAfterTriggerPoints = 4,
        PainAtFollowUp = 2,
        Locations = [PainLocation.BackOfHeadNeck, PainLocation.JawFace],
        Character = HeadacheCharacter.ThrobbingPulsing,
        Features = [HeadacheFeature.Nausea, HeadacheFeature.Aura],
        Triggers = [HeadacheTrigger.PoorSleep, HeadacheTrigger.Other],
        OtherTrigger = "  new pillow, \"firm\"\nand 🍷  ",
        Medication = MedicationKind.Triptan,
        MedicationTiming = MedicationTiming.OneToFourHours,
        StepsDone = [SelfCareStep.Breathing, SelfCareStep.TriggerPoints],
        BreathingPreset = BreathingPreset.Box,
        BreathingSeconds = 180,
        MusclesDone = [Muscle.Suboccipitals, Muscle.Masseter],
        MassageContraindicated = false,
        FollowUp = FollowUpStatus.Answered,
        FollowUpDueAt = T0.AddMinutes(50),
        HelpedMost = HelpedMost.PressurePoints,
        EmergencyScreenNotSure = true,
        SameDayScreenNotSure = true,
        HoldsCaution = true,
        DizzyDuringBreathing = true,
        MassageStoppedUnwell = true,
        Over65 = false,
        FeaturesSkipped = true,
        SpokeToDoctor = DoctorContact.NotNeeded,
        Note = "ate late, \"big\" day 🍕",
        LoggedAfterwards = true,
    };

    [Fact]
    public async Task Episode_round_trips_every_field_with_utc_dates_and_untouched_free_text()
    {
        var episode = FullEpisode();
        using (var db = _file.Open())
        {
            var state = new IdleState();
            await Store(db).CommitAsync(new TurnCommit(new StoredConversation(ConversationKey.Parse(episode.ConversationKey), ChatKind.Private, state, T0, []), [episode], null), default);
        }

        using (var db = _file.Open())
        {
            var read = await new LiteDbEpisodeStore(db).GetAsync(episode.Id, default);
            Assert.NotNull(read);
            Assert.Equal(TimeSpan.Zero, read.StartedAt.Offset);
            Assert.Equal(episode.StartedAt, read.StartedAt);
            Assert.Equal(episode.OtherTrigger, read.OtherTrigger);
            Assert.Equivalent(episode, read, strict: true);
        }
    }

    [Fact]
    public async Task Every_kind_of_state_round_trips_through_the_file()
    {
        var episode = FullEpisode();
        ConversationState[] states =
        [
            new IdleState(),
            new ScreeningState(RedFlagTier.SameDay) { Episode = episode, WakeAt = T0.AddHours(2) },
            new RedFlagRecordState(RedFlagTier.Emergency) { Episode = episode },
            new BreathePurposeState { Episode = episode },
            new HoldsCautionState { Episode = episode with { Practice = true } },
            new EmergencyCheckState(EpisodeKind.PointsOnly),
            new EmergencyCheckState(null),
            new PainState(PainMoment.FollowUp) { Episode = episode },
            new LocationState([PainLocation.OneSide, PainLocation.JawFace]) { Episode = episode },
            new CharacterState { Episode = episode },
            new FeaturesState([HeadacheFeature.Nausea]) { Episode = episode },
            new TriggersState([HeadacheTrigger.Alcohol]) { Episode = episode },
            new OtherTriggerState { Episode = episode },
            new MedicationState { Episode = episode },
            new MedicationTimingState { Episode = episode },
            new BreathingPresetState { Episode = episode },
            new BreathingLengthState(BreathingPreset.Box) { Episode = episode },
            new BreathingState(BreathingPreset.FourSevenEight, 4, 2, 1, T0) { Episode = episode, WakeAt = T0.AddSeconds(30) },
            new PacerStalledState(BreathingPreset.Resonance, 16) { Episode = episode },
            new OfferPointsState { Episode = episode },
            new ContraindicationState { Episode = episode },
            new MuscleState([Muscle.Temporalis, Muscle.Masseter], 1, 2, true, T0.AddSeconds(60)) { Episode = episode, WakeAt = T0.AddSeconds(15) },
            new FollowUpPendingState { Episode = episode, WakeAt = T0.AddMinutes(30) },
            new WhatHelpedState { Episode = episode },
            new Over65State { Episode = episode },
            new DoctorCheckState { Episode = episode },
            new BreatheBot.Core.Channels.ChannelState
            {
                Settings = new BreatheBot.Core.Channels.ChannelSettings { TimeZoneId = "Europe/Paris", SessionAt = new TimeOnly(9, 30), ReminderEveryHours = 2, QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(7, 0) },
                Counters = new BreatheBot.Core.Channels.ChannelCounters(3, 7, 12),
                Session = new BreatheBot.Core.Channels.SharedSession(BreathingPreset.Box, 8, 2, 3, T0, T0.AddSeconds(4), ["11", "12"]),
                NextSessionAt = T0.AddDays(1),
                WakeAt = T0.AddSeconds(4),
            },
        ];

        using (var db = _file.Open())
        {
            var store = Store(db);
            for (var i = 0; i < states.Length; i++)
            {
                await store.CommitAsync(new TurnCommit(new StoredConversation(ConversationKey.Private(Platform.Discord, "c" + i, "u" + i), ChatKind.Private, states[i], T0, ["d" + i]), [], null), default);
            }
        }

        using (var db = _file.Open())
        {
            var store = Store(db);
            for (var i = 0; i < states.Length; i++)
            {
                var read = await store.LoadAsync(ConversationKey.Private(Platform.Discord, "c" + i, "u" + i), default);
                Assert.NotNull(read);
                Assert.Equal(states[i].GetType(), read.State.GetType());
                Assert.Equal(ConversationStateSerializer.Serialize(states[i]), ConversationStateSerializer.Serialize(read.State));
                Assert.Equal(["d" + i], read.RecentDeliveryIds);
            }

            var scheduled = await store.LoadScheduledAsync(default);
            Assert.Equal(states.Count(s => s.WakeAt is not null), scheduled.Count);
        }
    }

    [Fact]
    public async Task Profile_round_trips()
    {
        var profile = new UserProfile { UserKey = "discord:9", FirstSeenAt = T0, DisclaimerShownAt = T0, LastEmergencyFlagAt = null, BreathHoldsOff = true, HoldsCautionSeen = true };
        using (var db = _file.Open())
        {
            await Store(db).CommitAsync(new TurnCommit(new StoredConversation(ConversationKey.Private(Platform.Discord, "1", "9"), ChatKind.Private, new IdleState(), T0, []), [], profile), default);
        }

        using (var db = _file.Open())
        {
            Assert.Equal(profile, await Store(db).LoadProfileAsync("discord:9", default));
        }
    }

    [Fact]
    public async Task A_new_database_over_the_same_file_resumes_the_conversation_at_the_same_step_with_its_timer()
    {
        var time = new FakeTimeProvider(T0);
        var key = ConversationKey.Private(Platform.Telegram, "77", "77");
        var sender = new ListSender();

        // First life: start breathing, then "crash" (dispose without stopping anything else).
        using (var db = _file.Open())
        {
            await using var service = NewService(db, time, sender);
            foreach (var text in new[] { "/breathe", "headache", "no", "no", "6", "resonance", "3" })
            {
                await Say(service, time, key, text);
            }

            time.Advance(TimeSpan.FromSeconds(5));
            await service.WhenSentAsync(); // the platform confirmed the edits (else the next life repeats the one in flight)
            Assert.Equal(2, sender.Keys.Count(k => k == "breathing.pacer"));
        }

        // Second life, 3 s later: the pending pacer wake-up is re-armed and fires on time.
        time.Advance(TimeSpan.FromSeconds(3));
        using (var db = _file.Open())
        {
            await using var service = NewService(db, time, sender);
            var stored = await Store(db).LoadAsync(key, default);
            var breathing = Assert.IsType<BreathingState>(stored!.State);
            Assert.Equal(1, breathing.Phase);

            await service.ResumeAsync(default);
            time.Advance(TimeSpan.FromSeconds(3));
            await service.WhenIdleAsync();
            Assert.Equal(3, sender.Keys.Count(k => k == "breathing.pacer"));
            Assert.Equal(2, ((BreathingState)(await Store(db).LoadAsync(key, default))!.State).Cycle);
        }
    }

    [Fact]
    public async Task A_restart_long_after_a_pacer_offers_to_restart_it_instead_of_replaying_phases()
    {
        var time = new FakeTimeProvider(T0);
        var key = ConversationKey.Private(Platform.Telegram, "78", "78");
        var sender = new ListSender();
        using (var db = _file.Open())
        {
            await using var service = NewService(db, time, sender);
            foreach (var text in new[] { "/breathe", "headache", "no", "no", "6", "resonance", "3" })
            {
                await Say(service, time, key, text);
            }
        }

        time.Advance(TimeSpan.FromMinutes(10));
        using (var db = _file.Open())
        {
            await using var service = NewService(db, time, sender);
            await service.ResumeAsync(default);
            time.Advance(TimeSpan.Zero);
            await service.WhenIdleAsync();
            Assert.Equal("breathing.stalled", sender.Keys[^1]);
            Assert.Equal(1, sender.Keys.Count(k => k == "breathing.stalled"));
        }
    }

    [Fact]
    public async Task Concurrent_turns_across_many_conversations_commit_in_order_per_conversation()
    {
        var time = new FakeTimeProvider(T0);
        var sender = new ListSender();
        using var db = _file.Open();
        await using var service = NewService(db, time, sender);
        var keys = Enumerable.Range(0, 100).Select(i => ConversationKey.Private(Platform.Telegram, "c" + i, "u" + i)).ToList();
        var script = new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "1", "nothing" };

        await Task.WhenAll(keys.Select(key => Task.Run(async () =>
        {
            for (var i = 0; i < script.Length; i++)
            {
                var receipt = await service.HandleAsync(new TextOrCommand(key, script[i], time.GetUtcNow(), "m" + i).Event);
                await receipt.Delivered;
            }
        })));

        var store = Store(db);
        var episodes = new LiteDbEpisodeStore(db);
        foreach (var key in keys)
        {
            var stored = await store.LoadAsync(key, default);
            Assert.IsType<BreathingPresetState>(stored!.State);
            Assert.Equal(Enumerable.Range(0, script.Length).Select(i => "m" + i), stored.RecentDeliveryIds);
            var list = await episodes.ListByUserAsync(key.UserKey, 0, 10, default);
            var episode = Assert.Single(list);
            Assert.Equal(6, episode.PainBefore);
            Assert.Equal([HeadacheTrigger.StressDeskWork], episode.Triggers);
        }
    }

    [Fact]
    public void Opening_a_new_file_creates_every_collection_before_the_first_turn()
    {
        using var db = _file.Open();

        foreach (var name in new[] { DiaryDatabase.Conversations, DiaryDatabase.Episodes, DiaryDatabase.Users, DiaryDatabase.Identities, DiaryDatabase.LinkCodes })
        {
            Assert.True(db.Database.CollectionExists(name), name);
            Assert.Equal(0, db.Database.GetCollection(name).Count());
        }
    }

    [Fact]
    public async Task A_read_never_runs_while_a_commit_is_in_progress()
    {
        using var db = _file.Open();
        var store = Store(db);
        var key = ConversationKey.Private(Platform.Terminal, "local", "local");
        await store.CommitAsync(new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []), [], null), default);
        using var inCommit = new ManualResetEventSlim();
        using var finishCommit = new ManualResetEventSlim();

        var commit = db.Writer.WriteAsync(_ =>
        {
            inCommit.Set();
            finishCommit.Wait(TimeSpan.FromSeconds(10)); // a slow commit
        });
        Assert.True(inCommit.Wait(TimeSpan.FromSeconds(10)));
        var read = Task.Run(() => store.LoadAsync(key, default).AsTask());
        var overlapped = await Task.WhenAny(read, Task.Delay(300)) == read;
        finishCommit.Set();
        await commit;

        Assert.False(overlapped, "a read completed while a commit was running");
        Assert.NotNull(await read);
    }

    [Fact]
    public async Task A_write_after_the_engine_stopped_fails_signals_EngineStopped_once_and_closing_does_not_throw()
    {
        var db = _file.Open();
        var store = Store(db);
        var key = ConversationKey.Private(Platform.Terminal, "local", "local");
        var stopped = new TaskCompletionSource();
        db.EngineStopped.Register(() => stopped.TrySetResult());

        db.Database.Dispose(); // LiteDB closes its engine like this after an I/O error or a failed consistency check
        var error = await Record.ExceptionAsync(() => store.CommitAsync(new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []), [], null), default).AsTask());

        Assert.NotNull(error);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(error, db.StopCause);
        db.Dispose();
    }

    [Fact]
    public async Task ListByUser_returns_a_persons_episodes_newest_first_and_pages()
    {
        using var db = _file.Open();
        var store = Store(db);
        var key = ConversationKey.Private(Platform.Terminal, "local", "local");
        var list = Enumerable.Range(0, 5).Select(i => FullEpisode() with { Id = "e" + i, UserKey = key.UserKey, StartedAt = T0.AddDays(i) }).ToList();
        var other = FullEpisode() with { Id = "other", UserKey = "terminal:someone-else" };
        await store.CommitAsync(new TurnCommit(new StoredConversation(key, ChatKind.Private, new IdleState(), T0, []), [.. list, other], null), default);

        var episodes = new LiteDbEpisodeStore(db);
        Assert.Equal(["e4", "e3"], (await episodes.ListByUserAsync(key.UserKey, 0, 2, default)).Select(e => e.Id));
        Assert.Equal(["e2", "e1"], (await episodes.ListByUserAsync(key.UserKey, 2, 2, default)).Select(e => e.Id));
    }

    [Fact]
    public void A_file_that_is_not_a_database_fails_at_start_naming_the_file_and_what_to_do()
    {
        File.WriteAllBytes(_file.Path, [.. Enumerable.Range(0, 40_000).Select(i => (byte)(i * 31 % 251))]);
        var before = File.ReadAllBytes(_file.Path);

        var error = Assert.Throws<DiaryDatabaseException>(() => _file.Open().Dispose());

        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("restore", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_file.Path));
    }

    [Fact]
    public async Task A_database_whose_later_pages_are_damaged_fails_at_start_or_opens_but_is_never_emptied()
    {
        using (var db = _file.Open())
        {
            await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Episodes).Insert(new LiteDB.BsonDocument { ["_id"] = "keep-me", ["user"] = "x", ["startedAt"] = T0.UtcDateTime }));
        }

        // Scribble over everything after the header page.
        var bytes = File.ReadAllBytes(_file.Path);
        for (var i = 8192; i < bytes.Length; i++)
        {
            bytes[i] = 0xAB;
        }

        File.WriteAllBytes(_file.Path, bytes);

        try
        {
            using var db = _file.Open();
            Assert.NotEqual(0, db.Database.GetCollection(DiaryDatabase.Episodes).Count());
        }
        catch (DiaryDatabaseException error)
        {
            Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_episode_and_a_profile_written_before_the_safety_case_v2_still_load()
    {
        using (var db = _file.Open())
        {
            // A v1 episode: its medication is v1's combined choice, and none of the v2 fields exist.
            var v1 = new LiteDB.BsonDocument
            {
                ["_id"] = "telegram-42-v1", ["user"] = "telegram:42", ["conversation"] = "telegram:42:42", ["kind"] = "Headache",
                ["startedAt"] = T0.UtcDateTime, ["updatedAt"] = T0.UtcDateTime, ["status"] = "Completed", ["redFlagTier"] = LiteDB.BsonValue.Null,
                ["redFlags"] = new LiteDB.BsonArray(), ["emergencyClear"] = true, ["sameDayClear"] = true, ["painBefore"] = 6,
                ["painAfterBreathing"] = LiteDB.BsonValue.Null, ["painAfterPoints"] = LiteDB.BsonValue.Null, ["painFollowUp"] = LiteDB.BsonValue.Null,
                ["locations"] = new LiteDB.BsonArray(), ["character"] = LiteDB.BsonValue.Null, ["features"] = new LiteDB.BsonArray(),
                ["triggers"] = new LiteDB.BsonArray(), ["otherTrigger"] = LiteDB.BsonValue.Null, ["medication"] = "CombinationOrOpioid",
                ["medicationTiming"] = LiteDB.BsonValue.Null, ["steps"] = new LiteDB.BsonArray(), ["breathingPreset"] = LiteDB.BsonValue.Null,
                ["breathingSeconds"] = LiteDB.BsonValue.Null, ["muscles"] = new LiteDB.BsonArray(), ["contraindicated"] = false,
                ["followUp"] = "Answered", ["followUpDueAt"] = LiteDB.BsonValue.Null, ["helpedMost"] = LiteDB.BsonValue.Null,
            };
            var profile = new LiteDB.BsonDocument
            {
                ["_id"] = "telegram:42", ["firstSeenAt"] = T0.UtcDateTime, ["disclaimerShownAt"] = T0.UtcDateTime, ["lastEmergencyFlagAt"] = LiteDB.BsonValue.Null,
                ["timeZone"] = LiteDB.BsonValue.Null, ["preset"] = LiteDB.BsonValue.Null, ["minutes"] = LiteDB.BsonValue.Null,
                ["followUpMinutes"] = LiteDB.BsonValue.Null, ["emergencyNumbers"] = LiteDB.BsonValue.Null,
            };
            await db.Writer.WriteAsync(d =>
            {
                d.GetCollection(DiaryDatabase.Episodes).Insert(v1);
                d.GetCollection(DiaryDatabase.Users).Insert(profile);
            });
        }

        using (var db = _file.Open())
        {
            var episode = await new LiteDbEpisodeStore(db).GetAsync("telegram-42-v1", default);
            Assert.NotNull(episode);
            Assert.Equal(MedicationKind.CombinationOrOpioid, episode.Medication);
            Assert.False(episode.DizzyDuringBreathing);
            Assert.False(episode.MassageStoppedUnwell);
            Assert.Null(episode.Over65);
            Assert.Null(episode.SpokeToDoctor);
            Assert.Contains("combination/opioid painkiller", BreatheBot.Core.Content.InsightsWording.HistoryLine(episode, TimeZoneInfo.Utc), StringComparison.Ordinal);

            var read = await Store(db).LoadProfileAsync("telegram:42", default);
            Assert.NotNull(read);
            Assert.False(read.BreathHoldsOff);
            Assert.False(read.HoldsCautionSeen);
        }
    }

    [Fact]
    public async Task A_damaged_state_document_is_read_as_idle_instead_of_failing_the_conversation()
    {
        var key = ConversationKey.Private(Platform.Telegram, "5", "5");
        using (var db = _file.Open())
        {
            await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Conversations).Upsert(new LiteDB.BsonDocument
            {
                ["_id"] = key.ToString(),
                ["chat"] = "Private",
                ["state"] = "{\"$step\":\"from-a-future-version\"}",
                ["updatedAt"] = T0.UtcDateTime,
                ["wakeAt"] = LiteDB.BsonValue.Null,
                ["recent"] = new LiteDB.BsonArray(),
            }));
        }

        using (var db = _file.Open())
        {
            var read = await Store(db).LoadAsync(key, default);
            Assert.IsType<IdleState>(read!.State);
        }
    }

    [Fact]
    public async Task A_failing_write_in_a_batch_fails_alone()
    {
        using var db = _file.Open();
        var ok = Enumerable.Range(0, 50).Select(i => db.Writer.WriteAsync(d => d.GetCollection("things").Insert(new LiteDB.BsonDocument { ["_id"] = i }))).ToList();
        var bad = db.Writer.WriteAsync(_ => throw new InvalidOperationException("boom"));
        await Task.WhenAll(ok);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(50, db.Database.GetCollection("things").Count());
    }

    [Fact]
    public async Task Forget_leaves_no_trace_of_the_person_in_the_file_and_keeps_everyone_else()
    {
        var time = new FakeTimeProvider(T0);
        var sender = new ListSender();
        var forgotten = ConversationKey.Private(Platform.Telegram, "424242", "424242");
        var kept = ConversationKey.Private(Platform.Telegram, "515151", "515151");
        var script = new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "12", "ZEBRAMARKER pillow", "nothing", "skip breathing", "none", "skip", "skip", "skip", "skip", "3" };

        using (var db = _file.Open())
        {
            await using var service = NewService(db, time, sender);
            foreach (var key in new[] { forgotten, kept })
            {
                foreach (var line in script)
                {
                    await Say(service, time, key, line.Replace("ZEBRAMARKER", key == forgotten ? "ZEBRAMARKER" : "OKAPIMARKER", StringComparison.Ordinal));
                }
            }

            await Say(service, time, forgotten, "/settings");
            await Say(service, time, forgotten, "5");
            await Say(service, time, forgotten, "999");
            Assert.Contains("ZEBRAMARKER", Bytes(), StringComparison.Ordinal);

            await Say(service, time, forgotten, "/forget");
            await Say(service, time, forgotten, "yes");
            Assert.Equal("forget.done", sender.Keys[^1]);

            // Straight after the forget (it checkpoints), before any clean shutdown:
            AssertNoTrace();
            Assert.Empty(await new LiteDbEpisodeStore(db).ListByUserAsync(forgotten.UserKey, 0, 100, default));
            Assert.Null(await Store(db).LoadProfileAsync(forgotten.UserKey, default));
            Assert.Null(await Store(db).LoadAsync(forgotten, default));
            Assert.Single(await new LiteDbEpisodeStore(db).ListByUserAsync(kept.UserKey, 0, 100, default));
        }

        // And after the clean shutdown's checkpoint.
        AssertNoTrace();
        Assert.Contains("OKAPIMARKER", Bytes(), StringComparison.Ordinal);

        void AssertNoTrace()
        {
            var text = Bytes();
            Assert.DoesNotContain("ZEBRAMARKER", text, StringComparison.Ordinal);
            Assert.DoesNotContain("424242", text, StringComparison.Ordinal);
        }

        string Bytes()
        {
            var all = new List<byte>();
            foreach (var path in Directory.GetFiles(_file.Folder))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                all.AddRange(memory.ToArray());
            }

            return System.Text.Encoding.Latin1.GetString([.. all]) + System.Text.Encoding.UTF8.GetString([.. all]);
        }
    }

    private static ConversationService NewService(DiaryDatabase db, TimeProvider time, IReplySender sender) =>
        new(new ConversationEngine(Options.Create(new ConversationOptions())), Store(db), [sender], time, NullLogger<ConversationService>.Instance, new LiteDbEpisodeStore(db));

    private static async Task Say(ConversationService service, TimeProvider time, ConversationKey key, string text)
    {
        var receipt = await service.HandleAsync(new TextOrCommand(key, text, time.GetUtcNow(), null).Event);
        await receipt.Delivered;
    }

    private readonly record struct TextOrCommand(ConversationKey Key, string Text, DateTimeOffset At, string? DeliveryId)
    {
        public InboundEvent Event => Text.StartsWith('/')
            ? new CommandReceived(Key, ChatKind.Private, Key.UserId, At, DeliveryId, Text[1..], null)
            : new TextReceived(Key, ChatKind.Private, Key.UserId, At, DeliveryId, Text);
    }

    private sealed class ListSender : IReplySender
    {
        private readonly Lock _gate = new();

        public List<string> Keys { get; } = [];

        public Platform Platform => Platform.Telegram;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Keys.AddRange(replies.Select(r => r.Key));
            }

            return Task.CompletedTask;
        }
    }
}
