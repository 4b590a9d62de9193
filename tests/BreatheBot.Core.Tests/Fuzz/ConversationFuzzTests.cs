using System.Collections.Concurrent;
using System.Globalization;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Core.Tests.Fuzz;

/// <summary>
/// 10,000 seeded random events at the core through <see cref="ConversationService"/> (in-memory store, fake clock),
/// for many private and group conversations at once. Nothing may escape, the engine may never fail ("error" reply),
/// every reply is well formed, replies go only to the event's conversation, and groups never hear health questions.
/// Set BREATHEBOT_FUZZ_SEED / BREATHEBOT_FUZZ_EVENTS to explore other seeds locally.
/// </summary>
public sealed class ConversationFuzzTests : IAsyncDisposable
{
    private const int DefaultSeed = 20261129;
    private const int DefaultEvents = 10_000;

    private readonly FakeTimeProvider _time = new(EngineDriver.Start);
    private readonly InMemoryConversationStore _store = new();
    private readonly FakeLogger<ConversationService> _logger = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly Dictionary<ConversationKey, FuzzConversation> _conversations;
    private readonly List<FuzzConversation> _conversationList = [];
    private readonly ConversationService _service;
    private FuzzEventSource _source = null!;
    private readonly int _seed;
    private readonly ConcurrentDictionary<string, int> _replyKeys = new();
    private int _wakeUpDeliveries;
    private int _replies;

    public ConversationFuzzTests()
    {
        _seed = FromEnvironment("BREATHEBOT_FUZZ_SEED", DefaultSeed);
        var conversations = _conversationList;
        for (var i = 0; i < 30; i++)
        {
            var platform = i % 5 == 4 ? Platform.Discord : Platform.Telegram;
            var user = (1000 + i).ToString(CultureInfo.InvariantCulture);
            conversations.Add(new FuzzConversation(ConversationKey.Private(platform, user, user), ChatKind.Private, [user]));
        }

        for (var i = 0; i < 10; i++)
        {
            var platform = i % 5 == 4 ? Platform.Discord : Platform.Telegram;
            var chat = (-5000 - i).ToString(CultureInfo.InvariantCulture);
            // Group members include people who also have a private conversation with the bot.
            conversations.Add(new FuzzConversation(ConversationKey.Channel(platform, chat), ChatKind.Group,
                [.. Enumerable.Range(0, 5).Select(m => (1000 + (i * 3) + m).ToString(CultureInfo.InvariantCulture))]));
        }

        _conversations = conversations.ToDictionary(c => c.Key);
        _service = new ConversationService(
            new ConversationEngine(Options.Create(new ConversationOptions())),
            _store,
            [new CheckingSender(this, Platform.Telegram), new CheckingSender(this, Platform.Discord)],
            _time,
            _logger);
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public Task HandleAsync_random_events_for_many_conversations_never_fail_leak_or_misdeliver() =>
        RunAsync(illFormedUtf16: FromEnvironment("BREATHEBOT_FUZZ_ILL_FORMED", 0) == 1);

    /// <summary>The same with lone surrogates in typed text. See RedFlagPhraseRegressionTests for the bug this finds.</summary>
    [Fact]
    public Task HandleAsync_random_events_including_ill_formed_utf16_never_fail_leak_or_misdeliver() => RunAsync(illFormedUtf16: true);

    private async Task RunAsync(bool illFormedUtf16)
    {
        _source = new FuzzEventSource(_seed, _conversationList, illFormedUtf16);
        var events = FromEnvironment("BREATHEBOT_FUZZ_EVENTS", DefaultEvents);
        var sent = 0;
        var pending = new List<FuzzStep>();
        while (sent < events)
        {
            // A batch of events handled concurrently (different or same conversations), then maybe a clock jump.
            pending.Clear();
            var batch = Math.Min(1 + (sent % 7), events - sent);
            for (var i = 0; i < batch; i++)
            {
                pending.Add(_source.Next(_time.GetUtcNow()));
            }

            var tasks = new List<Task>();
            foreach (var step in pending)
            {
                switch (step)
                {
                    case SendStep send:
                        tasks.Add(SendAsync(send.Inbound, sent));
                        break;
                    case AdvanceClockStep advance:
                        await Task.WhenAll(tasks).WaitAsync(HangGuard);
                        tasks.Clear();
                        _time.Advance(advance.By);
                        await _service.WhenIdleAsync().WaitAsync(HangGuard);
                        break;
                }

                sent++;
            }

            await Task.WhenAll(tasks).WaitAsync(HangGuard);
            await _service.WhenIdleAsync().WaitAsync(HangGuard);
        }

        // Let every pacer, hold timer and follow-up run out.
        for (var i = 0; i < 50 && _service.PendingWakeUps > 0; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await _service.WhenIdleAsync().WaitAsync(HangGuard);
        }

        // Each distinct logged exception (type and throwing frame) once, with its stack: that is the bug report.
        var logged = _logger.Collector.GetSnapshot()
            .Where(r => r.Exception is not null || r.Level >= LogLevel.Error)
            .GroupBy(r => $"{r.Id.Name} {r.Exception?.GetType().FullName} {r.Exception?.TargetSite}")
            .Select(g => $"logged {g.Count()}x {g.First().Level} {g.First().Id.Name}: {g.First().Message}\n{g.First().Exception}")
            .ToList();

        Assert.True(_replies > events / 2, $"Only {_replies} replies for {events} events: the fuzz is not reaching the flows.");
        Assert.True(_wakeUpDeliveries > 0, "No wake-up ever delivered a reply: the fuzz is not reaching the timers.");
        string[] deepSteps = ["pain.before", "breathing.pacer", "channel.breathing.pacer", "channel.move-private"];
        Assert.All(deepSteps, k => Assert.True(_replyKeys.ContainsKey(k), $"The fuzz never reached '{k}'. Keys seen: {string.Join(", ", _replyKeys.Keys.Order())}"));
        if (Environment.GetEnvironmentVariable("BREATHEBOT_FUZZ_SHOW_KEYS") == "1")
        {
            throw new InvalidOperationException(string.Join(", ", _replyKeys.OrderByDescending(p => p.Value).Select(p => $"{p.Key}={p.Value}")));
        }

        Assert.True(_failures.IsEmpty && logged.Count == 0,
            $"Seed {_seed}: {_failures.Count} failures, {logged.Count} distinct logged exceptions.\n" + string.Join("\n", logged.Take(5)) +
            "\nFirst failures:\n" + string.Join("\n", _failures.Take(10)));
    }

    private static TimeSpan HangGuard => TimeSpan.FromMinutes(2);

    private async Task SendAsync(InboundEvent inbound, int index)
    {
        var context = $"event #{index} {Describe(inbound)}";
        try
        {
            var receipt = await _service.HandleAsync(inbound, new ReplyVia(this, inbound, context));
            await receipt.Delivered;
        }
        catch (Exception exception)
        {
            _failures.Enqueue($"{context}: escaped {exception}");
        }
    }

    private static string Describe(InboundEvent inbound)
    {
        var detail = inbound switch
        {
            TextReceived t => $"text[{t.Text.Length}] \"{Printable(t.Text)}\"",
            ChoiceSelected c => $"choice \"{Printable(c.ChoiceId)}\"",
            CommandReceived c => $"command /{Printable(c.Name)} \"{Printable(c.Argument ?? "<null>")}\"",
            TimerFired t => $"timer due {t.DueAt:O} at {t.At:O}",
            MembershipChanged m => $"membership added={m.Added}",
            _ => inbound.GetType().Name,
        };
        return $"{inbound.Key} from '{inbound.SenderId}' delivery {inbound.DeliveryId ?? "-"}: {detail}";
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private void Received(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, string context)
    {
        Interlocked.Add(ref _replies, replies.Count);
        if (!_conversations.TryGetValue(key, out var conversation))
        {
            _failures.Enqueue($"{context}: replies sent to {key}, which is no conversation of the fuzz");
            return;
        }

        if (conversation.Chat != chat)
        {
            _failures.Enqueue($"{context}: replies for {key} sent as {chat}, but it is a {conversation.Chat} conversation");
        }

        ReplyChecks.Check(key, conversation.Chat, replies, context, _failures);
        foreach (var reply in replies)
        {
            _replyKeys.AddOrUpdate(reply.Key, 1, (_, n) => n + 1);
        }

        lock (_source)
        {
            foreach (var reply in replies)
            {
                _source.Saw(key, reply switch
                {
                    TextReply t => t.Choices,
                    EditReply e => e.Choices,
                    _ => [],
                });
            }
        }
    }

    /// <summary>The reply path of one inbound event: its replies must go to its own conversation.</summary>
    private sealed class ReplyVia(ConversationFuzzTests owner, InboundEvent inbound, string context) : IReplySender
    {
        public Platform Platform => inbound.Key.Platform;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            if (key != inbound.Key)
            {
                owner._failures.Enqueue($"{context}: replies to the event were delivered to {key}");
            }

            owner.Received(key, chat, replies, context);
            return Task.CompletedTask;
        }
    }

    /// <summary>The registered platform sender: only wake-ups (pacer, holds, follow-ups) deliver through it here.</summary>
    private sealed class CheckingSender(ConversationFuzzTests owner, Platform platform) : IReplySender
    {
        public Platform Platform => platform;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            if (key.Platform != platform)
            {
                owner._failures.Enqueue($"wake-up: replies for {key} sent through the {platform} sender");
            }

            Interlocked.Increment(ref owner._wakeUpDeliveries);
            owner.Received(key, chat, replies, $"wake-up of {key}");
            return Task.CompletedTask;
        }
    }
}
