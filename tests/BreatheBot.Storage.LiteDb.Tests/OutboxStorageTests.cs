using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using BreatheBot.Storage.LiteDb.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>Issue 15: the reply outbox on LiteDB, committed with the turn, deleted once sent, erased by /forget.</summary>
public sealed class OutboxStorageTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 22, 0, 0, TimeSpan.Zero);
    private static readonly ConversationKey Ann = ConversationKey.Private(Platform.Telegram, "1", "1");
    private static readonly ConversationKey Bob = ConversationKey.Private(Platform.Telegram, "2", "2");
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static LiteDbConversationStore Store(DiaryDatabase db) => new(db, NullLogger<LiteDbConversationStore>.Instance);

    private static OutboxEntry Entry(ConversationKey key, long sequence, string text) =>
        new(OutboxEntry.NewId(), key, ChatKind.Private, sequence, ReplySerializer.Serialize(new TextReply("k", text)), Now);

    private static TurnCommit Turn(ConversationKey key, params OutboxEntry[] outbox) =>
        new(new StoredConversation(key, ChatKind.Private, new IdleState(), Now, []) { OutboxSequence = outbox.Length == 0 ? 0 : outbox.Max(e => e.Sequence) }, [], null)
        {
            Outbox = outbox,
        };

    [Fact]
    public async Task Entries_commit_with_the_turn_survive_a_restart_in_order_and_leave_once_marked_sent()
    {
        var first = Entry(Ann, 11, "one");
        var second = Entry(Ann, 12, "two");
        var bobs = Entry(Bob, 3, "bob");
        using (var db = _temp.Open())
        {
            var store = Store(db);
            await store.CommitAsync(Turn(Ann, second, first), default);
            await store.CommitAsync(Turn(Bob, bobs), default);
        }

        using (var db = _temp.Open())
        {
            var store = Store(db);
            var unsent = await store.LoadUnsentAsync(default);
            Assert.Equal([first, second, bobs], unsent.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ThenBy(e => e.Sequence));
            Assert.Equal(unsent, unsent.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ThenBy(e => e.Sequence));
            Assert.Equal(12, (await store.LoadAsync(Ann, default))!.OutboxSequence);

            await store.MarkSentAsync([first.Id, "never-was"], default);
            await store.MarkSentAsync([first.Id], default); // a repeat is harmless

            Assert.Equal([second, bobs], await store.LoadUnsentAsync(default));
        }
    }

    [Fact]
    public async Task A_turn_whose_commit_fails_leaves_no_outbox_entry_behind()
    {
        using var db = _temp.Open();
        var store = Store(db);
        var duplicate = Entry(Ann, 1, "one");
        await store.CommitAsync(Turn(Ann, duplicate), default);

        // the same entry id again: the insert fails, and with it the whole turn (state included)
        var failing = Turn(Bob, Entry(Bob, 1, "bob"), duplicate);
        await Assert.ThrowsAnyAsync<LiteException>(() => store.CommitAsync(failing, default).AsTask());

        Assert.Null(await store.LoadAsync(Bob, default));
        Assert.Equal([duplicate], await store.LoadUnsentAsync(default));
    }

    [Fact]
    public async Task Forget_erases_the_persons_unsent_replies_on_every_chat_keeps_others_and_writes_its_own_confirmation()
    {
        using var db = _temp.Open();
        var store = Store(db);
        var annInGroupDm = ConversationKey.Private(Platform.Telegram, "99", "1");
        var bobs = Entry(Bob, 1, "bob");
        await store.CommitAsync(Turn(Ann, Entry(Ann, 1, "pain 7")), default);
        await store.CommitAsync(Turn(annInGroupDm, Entry(annInGroupDm, 1, "more")), default);
        await store.CommitAsync(Turn(Bob, bobs), default);

        var confirmation = Entry(Ann, 2, "Everything is deleted");
        await store.CommitAsync(Turn(Ann, confirmation) with { ForgetUsers = [Ann.UserKey] }, default);

        Assert.Equal([confirmation, bobs], await store.LoadUnsentAsync(default));
    }

    [Fact]
    public async Task A_damaged_outbox_document_is_logged_once_and_removed_and_the_others_still_load()
    {
        var good = Entry(Ann, 1, "fine");
        using (var db = _temp.Open())
        {
            await Store(db).CommitAsync(Turn(Ann, good), default);
            await db.Writer.WriteAsync(d => d.GetCollection(DiaryDatabase.Outbox).Insert(new BsonDocument { ["_id"] = "broken", ["conversation"] = "not a key" }));
        }

        using (var db = _temp.Open())
        {
            var logger = new FakeLogger<LiteDbConversationStore>();
            var store = new LiteDbConversationStore(db, logger);

            Assert.Equal([good], await store.LoadUnsentAsync(default));
            Assert.Equal([good], await store.LoadUnsentAsync(default));
            Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 4006);
        }
    }

    [Fact]
    public async Task A_diary_from_before_the_outbox_opens_with_an_empty_outbox_and_takes_entries()
    {
        _temp.Dispose();
        Directory.CreateDirectory(_temp.Folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diary-v0-1369389.db"), _temp.Path);
        using var db = _temp.Open();
        var store = Store(db);
        var local = ConversationKey.Private(Platform.Terminal, "local", "local");

        Assert.Empty(await store.LoadUnsentAsync(default));
        var stored = await store.LoadAsync(local, default);
        Assert.Equal(0, stored!.OutboxSequence);

        var entry = Entry(local, 1, "hello");
        await store.CommitAsync(new TurnCommit(stored with { OutboxSequence = 1 }, [], null) { Outbox = [entry] }, default);
        Assert.Equal([entry], await store.LoadUnsentAsync(default));
    }

    [Fact]
    public async Task Emergency_advice_committed_before_a_kill_is_delivered_by_the_next_process_on_the_same_diary()
    {
        var time = new FakeTimeProvider(Now);
        var engine = new ConversationEngine(Options.Create(new ConversationOptions { EmergencyNumbers = "999" }));
        var delivered = new List<string>();
        using (var db = _temp.Open())
        {
            var never = new NeverSender();
            var service = new ConversationService(engine, Store(db), [never], time, NullLogger<ConversationService>.Instance);
            await service.HandleAsync(new CommandReceived(Ann, ChatKind.Private, "1", Now, "u1", "headache", null));
            await never.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
            // the process dies here: the replies of /headache are committed, nothing was sent; no stop, no dispose
            Assert.Equal(2, (await Store(db).LoadUnsentAsync(default)).Count);
        }

        using (var db = _temp.Open())
        {
            var sender = new ListSender(delivered);
            await using var service = new ConversationService(engine, Store(db), [sender], time, NullLogger<ConversationService>.Instance);
            await service.ResumeAsync(default);
            await service.WhenSentAsync();
            var prompt = (await Store(db).LoadAsync(Ann, default))!.State.PromptId;
            await (await service.HandleAsync(new ChoiceSelected(Ann, ChatKind.Private, "1", Now, "u2", "e:yes") { PromptId = prompt })).Delivered;
            await service.WhenSentAsync();

            Assert.Equal(["disclaimer", "triage.emergency", "triage.emergency.advice", "triage.emergency.record"], delivered);
            Assert.Empty(await Store(db).LoadUnsentAsync(default));
        }
    }

    private sealed class NeverSender : IReplySender
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Platform Platform => Platform.Telegram;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            return new TaskCompletionSource().Task; // the platform call never returns
        }
    }

    private sealed class ListSender(List<string> delivered) : IReplySender
    {
        public Platform Platform => Platform.Telegram;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            lock (delivered)
            {
                delivered.AddRange(replies.Select(r => r.Key));
            }

            return Task.CompletedTask;
        }
    }
}
