using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;
using BreatheBot.Storage.LiteDb;
using BreatheBot.TelegramAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.TelegramAdapter.Tests.Soak;

/// <summary>How big a soak is. Everything random (answers, kill moments) comes from <see cref="Seed"/>.</summary>
public sealed record SoakOptions(int Conversations, int Kills, int Seed)
{
    /// <summary>Conversations in flight at once (new ones start as others finish, so kills land in every phase).</summary>
    public int Concurrency { get; init; } = 50;

    /// <summary>A conversation that shows nothing new for this long (while the bot is up) gets a nudge.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>No conversation moving for this long ends the run: whatever is unfinished is stuck.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Hard bound on the whole run.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A started bot must poll within this, or the restart counts as failed.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>What a soak found. Counts, not speed; durations are for the record only.</summary>
public sealed class SoakReport
{
    public int Conversations { get; set; }

    public int Completed { get; set; }

    public int KillsPlanned { get; set; }

    public int Kills { get; set; }

    public int RestartsAnswered { get; set; }

    public int Inputs { get; set; }

    public int Nudges { get; set; }

    public int WrapUpRepliesLost { get; set; }

    public int MessagesSent { get; set; }

    public int LostAcknowledgedTurns { get; set; }

    public int LostAcknowledgedEpisodes { get; set; }

    public int DuplicateTurns { get; set; }

    public int DuplicateSends { get; set; }

    /// <summary>
    /// Duplicates the outbox may cause: per kill, the sends in flight then (one per chat, at most
    /// <see cref="SoakOptions.Concurrency"/> chats) are sent again by the next process.
    /// </summary>
    public int DuplicateSendsAllowed { get; set; }

    /// <summary>Outbox entries (committed replies) still unsent in the diary at the end, after the bot went quiet: lost replies.</summary>
    public int UnsentAtEnd { get; set; }

    /// <summary>Outbox entries waiting in each after-kill copy of the diary (sent by the next process).</summary>
    public List<int> WaitingAtKills { get; } = [];

    public int EpisodeCountMismatches { get; set; }

    public int Stuck { get; set; }

    public int UnreadableSnapshots { get; set; }

    public int UnexpectedExits { get; set; }

    public int Violations { get; set; }

    public TimeSpan Duration { get; set; }

    public List<TimeSpan> TimesToReady { get; } = [];

    public List<string> Problems { get; } = [];

    public bool Passed =>
        Completed == Conversations && Kills == KillsPlanned && RestartsAnswered == Kills && LostAcknowledgedTurns == 0
        && LostAcknowledgedEpisodes == 0 && DuplicateTurns == 0 && DuplicateSends <= DuplicateSendsAllowed && WrapUpRepliesLost == 0
        && UnsentAtEnd == 0 && EpisodeCountMismatches == 0 && Stuck == 0 && UnreadableSnapshots == 0 && UnexpectedExits == 0 && Violations == 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"conversations:            {Completed}/{Conversations} completed, {Stuck} stuck");
        text.AppendLine(CultureInfo.InvariantCulture, $"kills (SIGKILL):          {Kills}/{KillsPlanned}; restarts that polled and answered: {RestartsAnswered}; unexpected exits: {UnexpectedExits}");
        text.AppendLine(CultureInfo.InvariantCulture, $"start to first poll:      {(TimesToReady.Count == 0 ? "-" : $"median {Median(TimesToReady):F2} s, max {TimesToReady.Max().TotalSeconds:F2} s over {TimesToReady.Count} starts")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"updates injected:         {Inputs} ({Nudges} of them nudges after a stall)");
        text.AppendLine(CultureInfo.InvariantCulture, $"messages sent by the bot: {MessagesSent}; conversations whose wrap-up message was lost to a kill: {WrapUpRepliesLost}");
        text.AppendLine(CultureInfo.InvariantCulture, $"lost acknowledged turns:  {LostAcknowledgedTurns}");
        text.AppendLine(CultureInfo.InvariantCulture, $"lost acknowledged episodes: {LostAcknowledgedEpisodes}; conversations without exactly one completed episode at the end: {EpisodeCountMismatches}");
        text.AppendLine(CultureInfo.InvariantCulture, $"duplicate turns (an update handled twice): {DuplicateTurns}; duplicate sends: {DuplicateSends} (allowed: sends in flight at a kill, at most {DuplicateSendsAllowed})");
        text.AppendLine(CultureInfo.InvariantCulture, $"lost replies: {WrapUpRepliesLost} wrap-ups never shown, {UnsentAtEnd} outbox entries unsent at the end; waiting in the outbox at each kill: {(WaitingAtKills.Count == 0 ? "-" : string.Join(", ", WaitingAtKills))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"unreadable DB snapshots after a kill: {UnreadableSnapshots}; Bot API violations: {Violations}");
        text.AppendLine(CultureInfo.InvariantCulture, $"duration:                 {Duration.TotalSeconds:F1} s");
        foreach (var problem in Problems.Take(30))
        {
            text.AppendLine("  ! " + problem);
        }

        if (Problems.Count > 30)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ! ... and {Problems.Count - 30} more");
        }

        text.Append(Passed ? "result: PASS" : "result: FAIL");
        return text.ToString();
    }

    private static double Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2).TotalSeconds;
}

/// <summary>
/// B12 fault soak. Hosts the fake Bot API in this process and runs the real bot as a child process against it; drives
/// many private <c>/headache</c> conversations to their wrap-up by pressing the buttons the bot sent (or typing the
/// answer), SIGKILLs the bot at seeded moments and starts it again over the same diary, and checks the fake's ledger
/// against the diary file after every kill and at the end. Definitions are in benchmarks/README.md ("B12 fault soak").
/// </summary>
public static class FaultSoak
{
    public const string SavedText = "This episode is saved in your diary";
    private const string NudgeText = "?";

    /// <summary>About how many updates one conversation takes (measured: 21 to 22), for spreading the kills.</summary>
    private const int UpdatesPerConversation = 20;

    public static async Task<SoakReport> RunAsync(SoakOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var report = new SoakReport { Conversations = options.Conversations, KillsPlanned = options.Kills };
        var folder = Directory.CreateTempSubdirectory("breathebot-soak-").FullName;
        try
        {
            await using var server = await FakeTelegramServer.StartAsync();
            server.LongPollCap = TimeSpan.FromSeconds(1);
            await new Run(options, report, server, folder, log).ExecuteAsync();
        }
        finally
        {
            if (report.Passed)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
            else
            {
                // the diary and every after-kill copy stay for a look
                log("soak files kept in " + folder);
            }
        }

        return report;
    }

    private sealed class Conversation(int index, long chat, Random random)
    {
        public int Index { get; } = index;

        public long Chat { get; } = chat;

        public Random Random { get; } = random;

        public bool Started { get; set; }

        public bool Done { get; set; }

        /// <summary>The bot message last answered, and its buttons then (a multi-select answers the same message again).</summary>
        public int LastAnsweredMessage { get; set; }

        public string? LastAnsweredMarkup { get; set; }

        public List<DateTimeOffset> NudgeTimes { get; } = [];

        public DateTimeOffset LastProgress { get; set; }

        public List<int> Updates { get; } = [];

        public List<DateTimeOffset> InputTimes { get; } = [];

        public List<string> InputNotes { get; } = [];

        /// <summary>The flow ended (the bot shows its main menu) but the "saved" message never came: lost to a kill.</summary>
        public bool WrapUpLost { get; set; }

        public int Nudges { get; set; }

        public ConversationKey Key => ConversationKey.Private(Platform.Telegram, Id, Id);

        public string Id => Chat.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class Run(SoakOptions options, SoakReport report, FakeTelegramServer server, string folder, Action<string> log)
    {
        private readonly string _database = Path.Combine(folder, "diary.db");
        private readonly Random _random = new(options.Seed);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<int, Conversation> _byUpdate = [];
        private readonly HashSet<int> _lost = [];
        private readonly HashSet<string> _handledTwice = [];
        private readonly HashSet<int> _episodeLost = [];
        private Conversation[] _conversations = [];
        private SoakBotProcess? _bot;
        private DateTimeOffset _startedAt;
        private Task<RecordedCall>? _ready;
        private DateTimeOffset? _readyAt;
        private Task<RecordedCall>? _answered;

        public async Task ExecuteAsync()
        {
            // the kill plan: kill k is due once the people have sent this many updates (a conversation takes about
            // 20), then fires after a short random delay or at a chosen instant (see KillMoment), so kills land
            // mid-batch, mid-commit and mid-send in every phase of the flow
            var killAfterUpdates = Enumerable.Range(0, options.Kills)
                .Select(_ => (int)((0.03 + (_random.NextDouble() * 0.72)) * options.Conversations * UpdatesPerConversation))
                .Order()
                .ToList();
            var killDelays = killAfterUpdates.Select(_ => TimeSpan.FromMilliseconds(_random.Next(0, 400))).ToList();
            // every kind of moment gets its share (3 kills: one of each), in a seeded order
            var killMoments = Enumerable.Range(0, options.Kills).Select(k => (KillMoment)(k % 3)).OrderBy(_ => _random.Next()).ToList();
            _conversations = [.. Enumerable.Range(0, options.Conversations).Select(i => new Conversation(i, 2_000_000 + i, new Random(_random.Next())))];
            log(string.Create(CultureInfo.InvariantCulture, $"soak: {options.Conversations} conversations, {options.Kills} kills after {string.Join(", ", killAfterUpdates)} updates, seed {options.Seed}"));

            StartBot();
            DateTimeOffset? killDueAt = null;
            Task? killing = null;
            var lastMove = DateTimeOffset.UtcNow;
            var completed = 0;
            try
            {
                while (completed < _conversations.Length)
                {
                    var now = DateTimeOffset.UtcNow;
                    if (_clock.Elapsed > options.Deadline)
                    {
                        report.Problems.Add("deadline reached");
                        break;
                    }

                    if (now - lastMove > options.GiveUpAfter)
                    {
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"no conversation moved for {options.GiveUpAfter.TotalSeconds:F0} s"));
                        break;
                    }

                    await WatchBotAsync();
                    if (report.Kills < options.Kills && killDueAt is null && killing is null && _answered is { IsCompletedSuccessfully: true }
                        && report.Inputs >= killAfterUpdates[report.Kills])
                    {
                        killDueAt = now + killDelays[report.Kills];
                    }

                    if (killDueAt is { } due && now >= due)
                    {
                        killDueAt = null;
                        killing = ArmKill(killMoments[report.Kills]);
                    }

                    if (killing is { IsCompleted: true })
                    {
                        killing = null;
                        CompleteKill(killMoments[report.Kills]);
                        lastMove = DateTimeOffset.UtcNow;
                        continue;
                    }

                    var active = 0;
                    foreach (var conversation in _conversations)
                    {
                        if (conversation.Done)
                        {
                            continue;
                        }

                        if (!conversation.Started)
                        {
                            if (active >= options.Concurrency)
                            {
                                break;
                            }

                            conversation.Started = true;
                            conversation.LastProgress = now;
                            Type(conversation, "/headache");
                            lastMove = now;
                        }

                        active++;
                        switch (Step(conversation, now))
                        {
                            case StepOutcome.Finished:
                                completed++;
                                lastMove = now;
                                break;
                            case StepOutcome.Moved:
                                lastMove = now;
                                break;
                        }
                    }

                    await Task.Delay(10);
                }

                report.Completed = completed;
                report.WrapUpRepliesLost = _conversations.Count(c => c.WrapUpLost);
                report.Stuck = _conversations.Count(c => !c.Done);
                foreach (var stuck in _conversations.Where(c => !c.Done).Take(10))
                {
                    var last = server.MessagesIn(stuck.Chat).LastOrDefault();
                    report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"stuck: conversation {stuck.Index} (chat {stuck.Chat}), last bot message: {last?.PlainText.Split('\n')[0] ?? "(none)"}"));
                }

                // let the bot confirm the last batch, then stop it the hard way too and read the file it left
                var lastUpdate = _byUpdate.Count == 0 ? 0 : _byUpdate.Keys.Max();
                try
                {
                    await server.WaitForConfirmedAsync(lastUpdate + 1, TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    report.Problems.Add("the last updates were never confirmed");
                }

                // and let it send (and mark sent) whatever its outbox still holds: the final check wants it empty
                await WaitForQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
            }
            finally
            {
                _bot?.Kill();
                _bot?.Dispose();
                _bot = null;
            }

            Verify(_database, final: true);
            var calls = server.Calls;
            report.MessagesSent = calls.Count(c => c.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase) && c.Ok);
            report.DuplicateSends = CountDuplicateSends(calls);
            report.DuplicateSendsAllowed = report.Kills * options.Concurrency;
            report.Violations = server.Violations.Count;
            report.Problems.AddRange(server.Violations.Take(5).Select(v => "Bot API violation: " + v));
            report.Duration = _clock.Elapsed;
        }

        /// <summary>Waits until the bot has sent nothing for <paramref name="quiet"/> (bounded by <paramref name="limit"/>).</summary>
        private async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan limit)
        {
            var until = DateTimeOffset.UtcNow + limit;
            while (DateTimeOffset.UtcNow < until)
            {
                var last = server.Calls.Where(c => c.Method.StartsWith("send", StringComparison.OrdinalIgnoreCase) || c.Method.StartsWith("edit", StringComparison.OrdinalIgnoreCase))
                    .Select(c => c.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
                if (DateTimeOffset.UtcNow - last >= quiet)
                {
                    return;
                }

                await Task.Delay(100);
            }
        }

        /// <summary>When a planned kill fires, once its conversation count and random delay are reached.</summary>
        private enum KillMoment
        {
            AtOnce,
            WhenABatchIsConfirmed,
            WhenAReplyIsSent,
        }

        private enum StepOutcome
        {
            Waiting,
            Moved,
            Finished,
        }

        /// <summary>One look at a conversation: finished? a new question to answer? stalled long enough to nudge?</summary>
        private StepOutcome Step(Conversation conversation, DateTimeOffset now)
        {
            var messages = server.MessagesIn(conversation.Chat);
            if (messages.Any(m => m.PlainText.Contains(SavedText, StringComparison.Ordinal)))
            {
                conversation.Done = true;
                return StepOutcome.Finished;
            }

            var latest = messages.LastOrDefault(m => m.ReplyMarkup is not null);
            if (conversation.WrapUpLost)
            {
                conversation.Done = true;
                return StepOutcome.Finished;
            }

            // one answer per question, and only to a question newer than the last one answered (or the same
            // multi-select with its ticks changed): the person never has two answers in flight, so every reply can
            // be told apart from a repeat (nudges excepted, see CountDuplicateSends)
            if (latest is not null && (latest.MessageId > conversation.LastAnsweredMessage
                || (latest.MessageId == conversation.LastAnsweredMessage && latest.ReplyMarkup != conversation.LastAnsweredMarkup)))
            {
                conversation.LastAnsweredMessage = latest.MessageId;
                conversation.LastAnsweredMarkup = latest.ReplyMarkup;
                conversation.LastProgress = now;
                Answer(conversation, latest);
                return StepOutcome.Moved;
            }

            // a reply lost to a kill (the turn was durable, its message not yet sent) leaves the person waiting; a
            // person would then write again. The bot answers "?" with its help and the question it is at.
            if (_readyAt is { } ready && _bot is { Killed: false } && now - (conversation.LastProgress > ready ? conversation.LastProgress : ready) > options.StallAfter)
            {
                conversation.LastProgress = now;
                conversation.Nudges++;
                conversation.NudgeTimes.Add(DateTimeOffset.UtcNow);
                report.Nudges++;
                Type(conversation, NudgeText);
            }

            return StepOutcome.Waiting;
        }

        /// <summary>Answers the question on <paramref name="message"/> the short, safe way; sometimes by typing.</summary>
        private void Answer(Conversation conversation, StoredMessage message)
        {
            var buttons = JsonNode.Parse(message.ReplyMarkup!)!["inline_keyboard"]!.AsArray()
                .SelectMany(row => row!.AsArray())
                .Select(b => (Label: b!["text"]!.GetValue<string>(), Data: b["callback_data"]?.GetValue<string>()))
                .Where(b => b.Data is not null && BreatheBot.TelegramAdapter.TelegramUpdateMapper.TryReadCallbackData(b.Data, out _, out _))
                .Select(b => (b.Label, Id: EndToEnd.BotHarness.ChoiceOf(b.Data!), Data: b.Data!))
                .ToList();
            if (buttons.Count == 0)
            {
                return;
            }

            if (buttons.Any(b => b.Id == "m:headache"))
            {
                // the main menu: the flow is over, but its wrap-up message was never sent (the turn was durable, the
                // process died before sending). Not pressed, so a second episode is never started; the final check
                // still wants exactly one completed episode in the diary.
                conversation.WrapUpLost = true;
                return;
            }

            var random = conversation.Random;
            string[] preferred = ["e:none", "s:none", "bp:skip", random.NextDouble() < 0.25 ? "op:yes" : "op:no", "ci:none", "ot:skip"];
            var done = buttons.FirstOrDefault(b => b.Id.EndsWith(":done", StringComparison.Ordinal));
            (string Label, string Id, string Data) choice;
            if (buttons.FirstOrDefault(b => preferred.Contains(b.Id)) is { Data: not null } wanted)
            {
                choice = wanted;
            }
            else if (done.Data is not null)
            {
                // a multi-select: tick the first option, then Done
                choice = buttons.Any(b => b.Label.StartsWith(Wording.Selected, StringComparison.Ordinal)) ? done : buttons[0];
            }
            else if (buttons.Any(b => b.Id == "mu:hold") && random.NextDouble() < 0.5)
            {
                choice = buttons.First(b => b.Id == "mu:hold");
            }
            else if (buttons.FirstOrDefault(b => b.Id == "mu:skip") is { Data: not null } skip)
            {
                choice = skip;
            }
            else
            {
                choice = buttons[0];
            }

            if (random.NextDouble() < 0.3 && Typed(choice.Id) is { } typed)
            {
                Type(conversation, typed);
            }
            else
            {
                var at = DateTimeOffset.UtcNow;
                Record(conversation, server.Click(conversation.Chat, conversation.Chat, message.MessageId, choice.Data), at,
                    string.Create(CultureInfo.InvariantCulture, $"presses {choice.Id} on message {message.MessageId}"));
            }
        }

        /// <summary>What a person could type instead of pressing (the core's own aliases), or null.</summary>
        private static string? Typed(string choiceId) => choiceId switch
        {
            "e:none" or "s:none" or "ci:none" or "op:no" => "no",
            "op:yes" => "yes",
            "bp:skip" or "ot:skip" or "mu:skip" => "skip",
            "mu:hold" => "start",
            _ when choiceId.Length > 3 && choiceId[..3] is "pb:" or "pr:" or "pm:" or "pf:" => choiceId[3..],
            _ => null,
        };

        private void Type(Conversation conversation, string text)
        {
            var at = DateTimeOffset.UtcNow;
            Record(conversation, server.UserText(conversation.Chat, conversation.Chat, text), at, "types " + text);
        }

        private void Record(Conversation conversation, int updateId, DateTimeOffset at, string note)
        {
            conversation.InputNotes.Add(string.Create(CultureInfo.InvariantCulture, $"{at:HH:mm:ss.fff} update {updateId}: {note}"));
            // taken before the fake queued the update: any reply to it is recorded later than this
            conversation.InputTimes.Add(at);
            conversation.Updates.Add(updateId);
            _byUpdate[updateId] = conversation;
            report.Inputs++;
        }

        private void StartBot()
        {
            _startedAt = DateTimeOffset.UtcNow;
            _readyAt = null;
            _answered = null;
            _bot = SoakBotProcess.Start(_database, server.BaseUrl, folder);
            var startedAt = _startedAt;
            _ready = server.WaitForCallAsync("getUpdates", c => c.At >= startedAt, options.ReadyTimeout);
        }

        /// <summary>Notices when the bot has polled (ready) and answered since its start, and when it died on its own.</summary>
        private async Task WatchBotAsync()
        {
            if (_bot is null)
            {
                return;
            }

            if (_readyAt is null && _ready is { IsCompleted: true } ready)
            {
                if (!ready.IsCompletedSuccessfully)
                {
                    report.Problems.Add("the bot did not poll within the ready timeout: " + _bot.OutputTail());
                    report.UnexpectedExits++;
                    _bot.Kill();
                    _bot.Dispose();
                    StartBot();
                    return;
                }

                var readyAt = ready.Result.At;
                _readyAt = readyAt;
                report.TimesToReady.Add(readyAt - _startedAt);
                _answered = server.WaitForCallAsync("sendMessage", c => c.At >= readyAt && c.Ok, options.GiveUpAfter);
            }

            if (_bot.HasExited && !_bot.Killed)
            {
                report.UnexpectedExits++;
                report.Problems.Add("the bot exited by itself: " + _bot.OutputTail());
                _bot.Dispose();
                await Task.Delay(200);
                StartBot();
            }
        }

        /// <summary>
        /// Arms the kill: it fires at once, or at the chosen instant while the people go on answering. Returns a task
        /// that completes once SIGKILL was sent (or after 5 s, when the instant never came: then it is sent anyway).
        /// </summary>
        private Task ArmKill(KillMoment moment)
        {
            var bot = _bot!;
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Fire()
            {
                bot.Signal();
                fired.TrySetResult();
            }

            switch (moment)
            {
                case KillMoment.WhenABatchIsConfirmed:
                    // the fake holds the next poll for a moment so a full batch builds up (an answer from every active
                    // conversation), delivers it, and SIGKILLs the bot the instant a getUpdates confirms that batch,
                    // before answering it: every turn of the batch must be durable by then (a bot that confirms
                    // first loses them here). The 1st confirmation after arming is the held poll's own.
                    var confirmations = 0;
                    server.Script("getUpdates", Fault.Delay(TimeSpan.FromMilliseconds(300)));
                    server.OffsetConfirmed = _ =>
                    {
                        if (++confirmations == 2)
                        {
                            Fire();
                        }
                    };
                    break;
                case KillMoment.WhenAReplyIsSent:
                    // right after a reply went out: its turn is durable, its update most likely not yet confirmed, so
                    // the next process gets the update again and must recognise it
                    var armed = DateTimeOffset.UtcNow;
                    _ = server.WaitForCallAsync("sendMessage", c => c.At >= armed && c.Ok, TimeSpan.FromSeconds(5))
                        .ContinueWith(_ => Fire(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    break;
                default:
                    Fire();
                    break;
            }

            return fired.Task.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(
                _ =>
                {
                    server.OffsetConfirmed = null;
                    bot.Signal();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        /// <summary>After the SIGKILL: check a copy of the file the killed process left, then start the next one.</summary>
        private void CompleteKill(KillMoment moment)
        {
            _bot!.Kill();
            var output = _bot.HasOutput ? _bot.OutputTail() : string.Empty;
            _bot.Dispose();
            _bot = null;
            report.Kills++;
            if (_answered is { IsCompletedSuccessfully: true })
            {
                report.RestartsAnswered++; // the process started before this kill polled and answered
            }

            // check a copy, so the next process opens exactly the file the killed one left behind
            var snapshot = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"after-kill-{report.Kills}"));
            Directory.CreateDirectory(snapshot);
            foreach (var file in Directory.GetFiles(folder, "diary*"))
            {
                File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
            }

            var confirmed = server.ConfirmedOffset;
            log(string.Create(CultureInfo.InvariantCulture, $"kill {report.Kills} ({moment}) at {_clock.Elapsed.TotalSeconds:F1} s: {_conversations.Count(c => c.Done)} completed, offset {confirmed} confirmed, {_byUpdate.Count} updates sent"));
            var problemsBefore = report.Problems.Count;
            Verify(Path.Combine(snapshot, "diary.db"), final: false);
            if (output.Length > 0)
            {
                // the bot logs warnings and errors only: whatever it said is worth seeing, and next to a finding essential
                log(string.Create(CultureInfo.InvariantCulture, $"the bot's output before kill {report.Kills}:\n{output}"));
                if (report.Problems.Count > problemsBefore)
                {
                    report.Problems.Insert(problemsBefore, string.Create(CultureInfo.InvariantCulture, $"the bot's output before kill {report.Kills}:\n{output}"));
                }
            }

            StartBot();
        }

        /// <summary>
        /// The diary against the ledger: every update the bot confirmed is recorded as handled (exactly once) in its
        /// conversation, and every conversation told "saved in your diary" has its episode.
        /// </summary>
        private void Verify(string path, bool final)
        {
            var confirmed = server.ConfirmedOffset;
            var saved = _conversations
                .Where(c => server.MessagesIn(c.Chat).Any(m => m.PlainText.Contains(SavedText, StringComparison.Ordinal)))
                .Select(c => c.Index)
                .ToHashSet();
            DiaryDatabase database;
            try
            {
                database = new DiaryDatabase(Options.Create(new LiteDbOptions { Path = path }), NullLogger<DiaryDatabase>.Instance);
            }
#pragma warning disable CA1031 // any failure to open is the finding
            catch (Exception ex)
#pragma warning restore CA1031
            {
                report.UnreadableSnapshots++;
                report.Problems.Add($"the diary at {path} cannot be opened: {ex.GetType().Name}: {ex.Message}");
                return;
            }

            using (database)
            {
                var store = new LiteDbConversationStore(database, NullLogger<LiteDbConversationStore>.Instance);
                var episodes = new LiteDbEpisodeStore(database);
                var where = final ? "at the end" : string.Create(CultureInfo.InvariantCulture, $"after kill {report.Kills}");
                var unsent = store.LoadUnsentAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (final)
                {
                    report.UnsentAtEnd = unsent.Count;
                    foreach (var entry in unsent.Take(10))
                    {
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: a reply of {entry.Key} (sequence {entry.Sequence}) was committed but never sent"));
                    }
                }
                else
                {
                    report.WaitingAtKills.Add(unsent.Count);
                }

                foreach (var conversation in _conversations.Where(c => c.Started))
                {
                    var stored = store.LoadAsync(conversation.Key, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    var handled = stored?.RecentDeliveryIds ?? [];
                    var acknowledged = conversation.Updates.Where(u => u < confirmed).ToList();
                    if (acknowledged.Count > ConversationService.RecentDeliveryIdsKept / 2)
                    {
                        // the diary keeps the last 64 handled ids; a conversation this long only has its recent ones checked
                        acknowledged = acknowledged.TakeLast(ConversationService.RecentDeliveryIdsKept / 2).ToList();
                    }

                    foreach (var update in acknowledged.Where(u => !handled.Contains(u.ToString(CultureInfo.InvariantCulture)) && _lost.Add(u)))
                    {
                        report.LostAcknowledgedTurns++;
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: update {update} of conversation {conversation.Index} was confirmed (offset {confirmed}) but is not in the diary"));
                    }

                    foreach (var twice in handled.GroupBy(id => id).Where(g => g.Count() > 1 && _handledTwice.Add(g.Key)))
                    {
                        report.DuplicateTurns++;
                        report.Problems.Add($"{where}: update {twice.Key} of conversation {conversation.Index} was handled {twice.Count()} times");
                    }

                    var diary = episodes.ListByUserAsync(conversation.Key.UserKey, 0, 50, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    var completedEpisodes = diary.Count(e => e.Status == EpisodeStatus.Completed);
                    if (saved.Contains(conversation.Index) && completedEpisodes == 0 && _episodeLost.Add(conversation.Index))
                    {
                        report.LostAcknowledgedEpisodes++;
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: conversation {conversation.Index} was told its episode is saved, but the diary has no completed episode"));
                    }

                    if (final && (diary.Count != 1 || completedEpisodes != 1))
                    {
                        report.EpisodeCountMismatches++;
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: conversation {conversation.Index} has {diary.Count} episodes, {completedEpisodes} completed (expected exactly 1)"));
                        report.Problems.Add(Timeline(conversation, server.Calls.Where(c => c.ChatId == conversation.Chat && c.Ok && c.Method.StartsWith("send", StringComparison.OrdinalIgnoreCase))));
                    }
                }
            }
        }

        private static string Timeline(Conversation conversation, IEnumerable<RecordedCall> sends)
        {
            var lines = conversation.InputNotes.Select(n => (At: n[..12], Line: "    person " + n))
                .Concat(sends.Select(c => (At: c.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), Line: string.Create(CultureInfo.InvariantCulture, $"    bot    {c.At:HH:mm:ss.fff} {c.Method} \"{c.Text?.Split('\n')[0]}\""))))
                .OrderBy(l => l.At, StringComparer.Ordinal)
                .Select(l => l.Line);
            return string.Create(CultureInfo.InvariantCulture, $"timeline of conversation {conversation.Index} (chat {conversation.Chat}):\n") + string.Join('\n', lines);
        }

        /// <summary>
        /// A duplicate send: in one chat, two consecutive messages with the same text and buttons and no update from the
        /// person between them (so no new turn could have caused the second).
        /// </summary>
        private int CountDuplicateSends(IReadOnlyList<RecordedCall> calls)
        {
            var duplicates = 0;
            var sends = calls
                .Where(c => c.Ok && (c.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase) || c.Method.Equals("sendPhoto", StringComparison.OrdinalIgnoreCase)))
                .GroupBy(c => c.ChatId ?? 0)
                .ToDictionary(g => g.Key, g => g.OrderBy(c => c.At).ToList());
            foreach (var conversation in _conversations)
            {
                if (!sends.TryGetValue(conversation.Chat, out var chatSends))
                {
                    continue;
                }

                var nudges = new Queue<DateTimeOffset>(conversation.NudgeTimes);
                for (var i = 1; i < chatSends.Count; i++)
                {
                    var (before, after) = (chatSends[i - 1], chatSends[i]);
                    if (before.Text != after.Text || before.Params["reply_markup"]?.ToJsonString() != after.Params["reply_markup"]?.ToJsonString()
                        || conversation.InputTimes.Any(t => t > before.At && t < after.At))
                    {
                        continue;
                    }

                    // a nudge goes out while an answer may still be on its way; each nudge may explain one repeat
                    if (nudges.Count > 0 && nudges.Peek() < after.At)
                    {
                        nudges.Dequeue();
                    }
                    else
                    {
                        duplicates++;
                        report.Problems.Add(Timeline(conversation, chatSends));
                        report.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"duplicate send in conversation {conversation.Index}: \"{after.Text?.Split('\n')[0]}\" at {before.At:HH:mm:ss.fff} and {after.At:HH:mm:ss.fff}"));
                    }
                }
            }

            return duplicates;
        }
    }
}
