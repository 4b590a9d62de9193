using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreatheBot.TelegramAdapter.Tests.Fakes;

/// <summary>One request the fake received, and what it answered.</summary>
public sealed record RecordedCall(string Method, JsonObject Params, IReadOnlyDictionary<string, RecordedFile> Files, int Status, string? Description, DateTimeOffset At)
{
    public long? ChatId => FakeTelegramServer.ReadLong(Params, "chat_id");

    public string? Text => Params["text"]?.GetValue<string>();

    public bool Ok => Status == 200;
}

public sealed record RecordedFile(string Name, string FileName, byte[] Content);

/// <summary>A message the bot sent and the fake keeps (so edits and clicks can refer to it).</summary>
/// <summary>A text (with its button labels) the bot sent to or edited in a group chat.</summary>
public sealed record GroupText(long ChatId, string Method, string Text, IReadOnlyList<string> Buttons);

public sealed record StoredMessage(long ChatId, int MessageId, string PlainText, string? ReplyMarkup, int Edits);

/// <summary>A one-shot fault scripted for the next call of a method.</summary>
public abstract record Fault
{
    public static Fault Status(int code, string description, int? retryAfter = null, long? migrateTo = null) => new StatusFault(code, description, retryAfter, migrateTo);

    public static Fault Raw(int status, string body) => new RawFault(status, body);

    /// <summary>Waits before handling; when the client gives up first, the request is not processed at all.</summary>
    public static Fault Delay(TimeSpan delay) => new DelayFault(delay);

    public static Fault Abort() => new AbortFault();
}

public sealed record StatusFault(int Code, string Description, int? RetryAfter, long? MigrateTo) : Fault;

public sealed record RawFault(int HttpStatus, string Body) : Fault;

public sealed record DelayFault(TimeSpan Wait) : Fault;

public sealed record AbortFault : Fault;

/// <summary>Telegram's limits as the fake enforces them (429 with retry_after).</summary>
public sealed record FakeRateLimits(TimeSpan PerChatInterval, int GroupPerMinute, int GlobalPerSecond, TimeSpan Tolerance);

/// <summary>
/// A loopback Telegram Bot API server (Kestrel on 127.0.0.1, port 0) for the real Telegram.Bot client: getUpdates with
/// long-poll and offset semantics, the send/edit/answer/setup methods, injectable updates, a record of every call,
/// scripted one-shot faults, strict validation of what the bot sends, and optional rate limits.
/// Parses requests itself (no Telegram.Bot types) so a serializer regression in the client is caught.
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    public const string Token = "123456789:TEST_token-abc";
    public const long BotId = 123456789;
    public const string BotUsername = "BreatheTestBot";

    private static readonly HashSet<string> DefaultAllowed = ["message", "edited_message", "channel_post", "edited_channel_post", "callback_query", "my_chat_member", "inline_query", "chosen_inline_result", "shipping_query", "pre_checkout_query", "poll", "poll_answer", "chat_join_request", "chat_boost", "removed_chat_boost"];
    private static readonly HashSet<string> SendMethods = ["sendmessage", "editmessagetext", "sendphoto", "senddocument"];

    private readonly object _gate = new();
    private readonly List<QueuedUpdate> _queue = [];
    private readonly List<RecordedCall> _calls = [];
    private readonly List<(Func<RecordedCall, bool> Match, TaskCompletionSource<RecordedCall> Done)> _callWaiters = [];
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, JsonObject> _chats = [];
    private readonly Dictionary<long, Dictionary<int, StoredMessage>> _messages = [];
    private readonly Dictionary<long, int> _nextMessageId = [];
    private readonly Dictionary<string, (DateTimeOffset IssuedAt, bool Answered)> _callbacks = [];
    private readonly Dictionary<string, JsonArray> _commands = [];
    private readonly Dictionary<long, long> _migrated = [];
    private readonly HashSet<long> _blocked = [];
    private readonly Dictionary<(long Chat, long User), string> _admins = [];
    private readonly List<GroupText> _groupTexts = [];
    private readonly HashSet<string> _allowed = [.. DefaultAllowed];
    private readonly Dictionary<long, DateTimeOffset> _lastSendPerChat = [];
    private readonly Dictionary<long, Queue<DateTimeOffset>> _groupWindows = [];
    private readonly Queue<DateTimeOffset> _globalWindow = new();
    private readonly List<string> _violations = [];
    private WebApplication? _app;
    private int _nextUpdateId = 5001;
    private int _nextCallbackId = 1;
    private TaskCompletionSource<PollEnd>? _pendingPoll;
    private CancellationToken _pendingPollAborted;
    private int _pollConflicts;
    private (string Url, string? Secret)? _webhook;
    private int _confirmedOffset;
    private int _tooManyRequests;
    private readonly Dictionary<string, int> _tooManyByLimit = [];

    private FakeTelegramServer()
    {
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The longest a getUpdates waits here, whatever timeout the client asks for (keeps tests fast).</summary>
    public TimeSpan LongPollCap { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan CallbackExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Validates text, HTML and callback_data like the real server (on by default).</summary>
    public bool StrictMode { get; set; } = true;

    public FakeRateLimits? RateLimits { get; set; }

    /// <summary>Keeps every call in <see cref="Calls"/> (on by default; long benchmark runs turn it off to keep memory flat).</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>The clock that stamps <see cref="RecordedCall.At"/> (a test's fake clock); the real clock when null.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>
    /// Every text the bot sent to, or edited in, a group chat (negative chat id), with its button labels: whatever the
    /// bot tried to show a group, accepted or not. For privacy checks.
    /// </summary>
    public IReadOnlyList<GroupText> GroupTexts
    {
        get
        {
            lock (_gate)
            {
                return [.. _groupTexts];
            }
        }
    }

    /// <summary>
    /// Called the instant a getUpdates request confirms a higher offset, before it is answered (under the fake's lock:
    /// keep it short). The fault soak kills the bot here.
    /// </summary>
    public Action<int>? OffsetConfirmed { get; set; }

    /// <summary>
    /// Called (under the fake's lock: keep it short) the first time an update is handed to a getUpdates answer, with
    /// the update id, the update, and a <see cref="System.Diagnostics.Stopwatch"/> timestamp. The benchmarks' t0.
    /// </summary>
    public Action<int, JsonObject, long>? UpdateHandedOut { get; set; }

    /// <summary>
    /// Webhook delivery: when set, an injected update (with its update_id) is handed to this instead of the getUpdates
    /// queue, outside the fake's lock; the harness plays Telegram's side and POSTs it to the bot (the cluster kill test
    /// posts each one to a random node). Must not block.
    /// </summary>
    public Action<JsonObject>? PushUpdate { get; set; }

    /// <summary>
    /// Called for every request once its parameters are parsed, before it is handled, with the method name as the
    /// client wrote it, the parameters and a <see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival. The benchmarks' t1.
    /// </summary>
    public Action<string, JsonObject, long>? RequestArrived { get; set; }

    /// <summary>
    /// Called for every request once it is answered, with its record and the <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp of its arrival (so a benchmark can keep what it needs without copying <see cref="Calls"/>).
    /// </summary>
    public Action<RecordedCall, long>? CallCompleted { get; set; }

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int ConfirmedOffset
    {
        get
        {
            lock (_gate)
            {
                return _confirmedOffset;
            }
        }
    }

    /// <summary>True while a getUpdates long poll is waiting here.</summary>
    public bool PollPending
    {
        get
        {
            lock (_gate)
            {
                return _pendingPoll is not null;
            }
        }
    }

    /// <summary>
    /// getUpdates answered 409 because a newer getUpdates came while it was still waiting (two bot instances polling
    /// with one token, as real Telegram answers them). A poll whose client had already gone does not count.
    /// </summary>
    public int PollConflictCount
    {
        get
        {
            lock (_gate)
            {
                return _pollConflicts;
            }
        }
    }

    /// <summary>How long a newer getUpdates waits for an older one's client to be seen gone before terminating it.</summary>
    public TimeSpan AbandonedPollGrace { get; set; } = TimeSpan.FromMilliseconds(250);

    public int PendingUpdateCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public int TooManyRequestsCount
    {
        get
        {
            lock (_gate)
            {
                return _tooManyRequests;
            }
        }
    }

    /// <summary>429s answered, by the limit that was hit ("chat", "group", "global").</summary>
    public IReadOnlyDictionary<string, int> TooManyRequestsByLimit
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_tooManyByLimit);
            }
        }
    }

    /// <summary>Everything the bot sent that the real server would have refused (empty text, bad HTML, long data...).</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public (string Url, string? Secret)? Webhook
    {
        get
        {
            lock (_gate)
            {
                return _webhook;
            }
        }
    }

    /// <summary>Starts the fake on a loopback port: any free one, or <paramref name="port"/> (a test that first finds it refused).</summary>
    public static async Task<FakeTelegramServer> StartAsync(int port = 0)
    {
        var server = new FakeTelegramServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // ----- test-facing API -------------------------------------------------------------------------------------

    public void Script(string method, params Fault[] faults)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(method, out var queue))
            {
                _faults[method] = queue = new Queue<Fault>();
            }

            foreach (var fault in faults)
            {
                queue.Enqueue(fault);
            }
        }
    }

    public void RegisterChat(long id, string type, string? title = null)
    {
        lock (_gate)
        {
            _chats[id] = ChatJson(id, type, title);
        }
    }

    public void Block(long chatId)
    {
        lock (_gate)
        {
            _blocked.Add(chatId);
        }
    }

    /// <summary>getChatMember answers <paramref name="status"/> ("creator" or "administrator") for this person in this chat.</summary>
    public void MakeAdmin(long chatId, long userId, string status = "creator")
    {
        lock (_gate)
        {
            _admins[(chatId, userId)] = status;
        }
    }

    public IReadOnlyList<StoredMessage> MessagesIn(long chatId)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(chatId, out var messages) ? [.. messages.Values.OrderBy(m => m.MessageId)] : [];
        }
    }

    public IReadOnlyList<RecordedCall> CallsTo(string method) => [.. Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))];

    public JsonArray? CommandsFor(string scopeType)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(scopeType, out var list) ? (JsonArray)list.DeepClone() : null;
        }
    }

    /// <summary>Completes with the first call (past or future) of <paramref name="method"/> that matches.</summary>
    public Task<RecordedCall> WaitForCallAsync(string method, Func<RecordedCall, bool>? match = null, TimeSpan? timeout = null)
    {
        bool Matches(RecordedCall c) => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && (match?.Invoke(c) ?? true);
        lock (_gate)
        {
            var existing = _calls.FirstOrDefault(Matches);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var done = new TaskCompletionSource<RecordedCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _callWaiters.Add((Matches, done));
            return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Completes when a getUpdates call confirms at least <paramref name="offset"/>.</summary>
    public Task WaitForConfirmedAsync(int offset, TimeSpan? timeout = null) =>
        WaitForCallAsync("getUpdates", c => (ReadLong(c.Params, "offset") ?? 0) >= offset, timeout);

    public int InjectUpdate(JsonObject body, int? forceUpdateId = null)
    {
        if (PushUpdate is { } push)
        {
            lock (_gate)
            {
                body["update_id"] = forceUpdateId ?? _nextUpdateId++;
            }

            push(body);
            return body["update_id"]!.GetValue<int>();
        }

        lock (_gate)
        {
            var id = forceUpdateId ?? _nextUpdateId++;
            if (forceUpdateId is { } forced && forced >= _nextUpdateId)
            {
                _nextUpdateId = forced + 1;
            }

            body["update_id"] = id;
            _queue.Add(new QueuedUpdate(id, body));
            _pendingPoll?.TrySetResult(PollEnd.Updates);
            return id;
        }
    }

    public static JsonObject UserJson(long userId, string firstName = "Ana") =>
        new() { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = "en" };

    public JsonObject BotUserJson() => new() { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "BreatheBot", ["username"] = BotUsername };

    /// <summary>A person types <paramref name="text"/> (a leading /command gets its bot_command entity, as Telegram adds).</summary>
    public int UserText(long chatId, long userId, string text, int? messageThreadId = null) =>
        InjectUpdate(new JsonObject { ["message"] = UserTextMessage(chatId, userId, text, messageThreadId) });

    /// <summary>
    /// The update <see cref="UserText"/> would queue, with its update_id, but not queued: for a benchmark that plays
    /// Telegram's side of a webhook and POSTs it itself.
    /// </summary>
    public JsonObject UserTextUpdate(long chatId, long userId, string text)
    {
        var update = new JsonObject { ["message"] = UserTextMessage(chatId, userId, text, null) };
        lock (_gate)
        {
            update["update_id"] = _nextUpdateId++;
        }

        return update;
    }

    private JsonObject UserTextMessage(long chatId, long userId, string text, int? messageThreadId)
    {
        var message = new JsonObject
        {
            ["message_id"] = NextMessageId(chatId),
            ["from"] = UserJson(userId),
            ["chat"] = Chat(chatId),
            ["date"] = UnixNow(),
            ["text"] = text,
        };
        if (text.StartsWith('/'))
        {
            var end = text.IndexOfAny([' ', '\n']);
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = end < 0 ? text.Length : end });
        }

        if (messageThreadId is { } thread)
        {
            message["message_thread_id"] = thread;
            message["is_topic_message"] = true;
        }

        return message;
    }

    /// <summary>An anonymous group admin sends <paramref name="text"/>: the message comes "from" the group itself.</summary>
    public int AnonymousAdminText(long chatId, string text) => InjectUpdate(new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = NextMessageId(chatId),
            ["from"] = new JsonObject { ["id"] = 1087968824, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
            ["sender_chat"] = Chat(chatId),
            ["chat"] = Chat(chatId),
            ["date"] = UnixNow(),
            ["text"] = text,
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length }),
        },
    });

    /// <summary>A person presses the button with <paramref name="data"/> under the bot's message.</summary>
    public int Click(long chatId, long userId, int messageId, string data)
    {
        JsonObject message;
        string callbackId;
        lock (_gate)
        {
            var stored = _messages.TryGetValue(chatId, out var m) && m.TryGetValue(messageId, out var s) ? s : null;
            message = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = BotUserJson(),
                ["chat"] = ChatLocked(chatId),
                ["date"] = UnixNow(),
                ["text"] = stored?.PlainText ?? "…",
            };
            if (stored?.ReplyMarkup is { } markup)
            {
                message["reply_markup"] = JsonNode.Parse(markup);
            }

            callbackId = "cbq-" + (_nextCallbackId++).ToString(CultureInfo.InvariantCulture);
            _callbacks[callbackId] = (DateTimeOffset.UtcNow, false);
        }

        return InjectUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = callbackId,
                ["from"] = UserJson(userId),
                ["message"] = message,
                ["chat_instance"] = "-8811",
                ["data"] = data,
            },
        });
    }

    /// <summary>Clicks the button labelled <paramref name="label"/> on the latest bot message in the chat that has one.</summary>
    public int ClickButton(long chatId, long userId, string label)
    {
        foreach (var message in MessagesIn(chatId).Reverse())
        {
            if (message.ReplyMarkup is null)
            {
                continue;
            }

            var buttons = JsonNode.Parse(message.ReplyMarkup)!["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray());
            var button = buttons.FirstOrDefault(b => b!["text"]!.GetValue<string>() == label);
            if (button?["callback_data"] is { } data)
            {
                return Click(chatId, userId, message.MessageId, data.GetValue<string>());
            }
        }

        throw new InvalidOperationException($"No button '{label}' in chat {chatId}.");
    }

    public int BotAdded(long chatId, long byUserId, string newStatus = "member") =>
        InjectUpdate(new JsonObject { ["my_chat_member"] = MemberUpdate(chatId, byUserId, "left", newStatus) });

    /// <summary>The bot leaves the group (<paramref name="newStatus"/> "left") or is banned from it ("kicked").</summary>
    public int BotRemoved(long chatId, long byUserId, string newStatus = "left") =>
        InjectUpdate(new JsonObject { ["my_chat_member"] = MemberUpdate(chatId, byUserId, "member", newStatus) });

    /// <summary>The group becomes a supergroup: sends to the old id fail with migrate_to_chat_id, and the service message arrives.</summary>
    public int MigrateGroup(long oldChatId, long newChatId, bool injectServiceMessage = true)
    {
        lock (_gate)
        {
            _migrated[oldChatId] = newChatId;
            _chats[newChatId] = ChatJson(newChatId, "supergroup", "Desk");
        }

        if (!injectServiceMessage)
        {
            return 0;
        }

        return InjectUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = NextMessageId(oldChatId),
                ["from"] = UserJson(1),
                ["chat"] = Chat(oldChatId),
                ["date"] = UnixNow(),
                ["migrate_to_chat_id"] = newChatId,
            },
        });
    }

    // ----- request handling ------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var match = Regex.Match(path, "^/bot(?<token>[^/]+)(?:/test)?/(?<method>[A-Za-z]+)$");
        if (!match.Success)
        {
            await WriteError(context, 404, "Not Found");
            return;
        }

        if (match.Groups["token"].Value != Token)
        {
            await WriteError(context, 401, "Unauthorized");
            return;
        }

        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var method = match.Groups["method"].Value;
        var (parameters, files) = await ParseAsync(context.Request);
        RequestArrived?.Invoke(method, parameters, arrived);

        Fault? fault;
        lock (_gate)
        {
            fault = _faults.TryGetValue(method, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }

        switch (fault)
        {
            case StatusFault status:
                Record(arrived, method, parameters, files, status.Code, status.Description);
                await WriteError(context, status.Code, status.Description, status.RetryAfter, status.MigrateTo);
                return;
            case RawFault raw:
                Record(arrived, method, parameters, files, raw.HttpStatus, "raw");
                context.Response.StatusCode = raw.HttpStatus;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(raw.Body);
                return;
            case AbortFault:
                Record(arrived, method, parameters, files, 0, "aborted");
                context.Abort();
                return;
            case DelayFault delay:
                try
                {
                    await Task.Delay(delay.Wait, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Record(arrived, method, parameters, files, 0, "client gave up");
                    return;
                }

                break;
        }

        var (status2, result, description, retryAfter, migrateTo) = await DispatchAsync(method.ToLowerInvariant(), parameters, files, context.RequestAborted);
        Record(arrived, method, parameters, files, status2, description);
        if (status2 == 200)
        {
            await WriteOk(context, result!);
        }
        else if (status2 > 0)
        {
            await WriteError(context, status2, description!, retryAfter, migrateTo);
        }
    }

    private record struct Outcome(int Status, JsonNode? Result, string? Description, int? RetryAfter = null, long? MigrateTo = null)
    {
        public static Outcome Ok(JsonNode result) => new(200, result, null);

        public static Outcome Error(int status, string description, int? retryAfter = null, long? migrateTo = null) => new(status, null, description, retryAfter, migrateTo);
    }

    private async Task<Outcome> DispatchAsync(string method, JsonObject p, Dictionary<string, RecordedFile> files, CancellationToken aborted)
    {
        switch (method)
        {
            case "getme":
                return Outcome.Ok(new JsonObject
                {
                    ["id"] = BotId,
                    ["is_bot"] = true,
                    ["first_name"] = "BreatheBot",
                    ["username"] = BotUsername,
                    ["can_join_groups"] = true,
                    ["can_read_all_group_messages"] = false,
                    ["supports_inline_queries"] = false,
                });
            case "getupdates":
                return await GetUpdatesAsync(p, aborted);
            case "deletewebhook":
                lock (_gate)
                {
                    _webhook = null;
                    if (p["drop_pending_updates"]?.GetValue<bool>() == true)
                    {
                        _queue.Clear();
                    }
                }

                return Outcome.Ok(true);
            case "setwebhook":
                return SetWebhook(p);
            case "getwebhookinfo":
                lock (_gate)
                {
                    return Outcome.Ok(new JsonObject { ["url"] = _webhook?.Url ?? string.Empty, ["has_custom_certificate"] = false, ["pending_update_count"] = _queue.Count });
                }

            case "sendmessage":
            case "editmessagetext":
            case "sendphoto":
            case "senddocument":
                lock (_gate)
                {
                    return Send(method, p, files);
                }

            case "answercallbackquery":
                lock (_gate)
                {
                    var id = p["callback_query_id"]?.GetValue<string>() ?? string.Empty;
                    if (!_callbacks.TryGetValue(id, out var state) || state.Answered || DateTimeOffset.UtcNow - state.IssuedAt > CallbackExpiry)
                    {
                        return Outcome.Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
                    }

                    _callbacks[id] = (state.IssuedAt, true);
                    return Outcome.Ok(true);
                }

            case "sendchataction":
                var action = p["action"]?.GetValue<string>();
                return action is "typing" or "upload_photo" or "upload_document" or "record_video" or "upload_video" or "record_voice" or "upload_voice" or "find_location" or "record_video_note" or "upload_video_note" or "choose_sticker"
                    ? Outcome.Ok(true)
                    : Outcome.Error(400, "Bad Request: wrong parameter action in request");
            case "setmycommands":
                return SetCommands(p);
            case "getmycommands":
                lock (_gate)
                {
                    return Outcome.Ok(_commands.TryGetValue(ScopeType(p), out var list) ? list.DeepClone() : new JsonArray());
                }

            case "deletemycommands":
                lock (_gate)
                {
                    _commands.Remove(ScopeType(p));
                    return Outcome.Ok(true);
                }

            case "getchatmember":
                lock (_gate)
                {
                    var memberChat = ReadLong(p, "chat_id") ?? 0;
                    var memberUser = ReadLong(p, "user_id") ?? 0;
                    return _admins.TryGetValue((memberChat, memberUser), out var adminStatus)
                        ? Outcome.Ok(ChatMemberJson(adminStatus, UserJson(memberUser)))
                        : Outcome.Ok(ChatMemberJson("member", UserJson(memberUser)));
                }
            default:
                return Outcome.Error(404, "Not Found");
        }
    }

    private async Task<Outcome> GetUpdatesAsync(JsonObject p, CancellationToken aborted)
    {
        // A poll whose client has gone (a node that stopped polling) is no conflict: give the network a moment to tell
        // before this newer poll terminates it. Real Telegram terminates a live older poll with 409, as below.
        CancellationToken older;
        lock (_gate)
        {
            older = _pendingPoll is null ? CancellationToken.None : _pendingPollAborted;
        }

        if (older.CanBeCanceled && !older.IsCancellationRequested)
        {
            await Task.Delay(AbandonedPollGrace, older).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        TaskCompletionSource<PollEnd> mine;
        int limit;
        TimeSpan wait;
        lock (_gate)
        {
            if (_webhook is not null)
            {
                return Outcome.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            if (p["allowed_updates"] is JsonArray allowed)
            {
                _allowed.Clear();
                foreach (var type in allowed.Count == 0 ? DefaultAllowed : allowed.Select(a => a!.GetValue<string>()))
                {
                    _allowed.Add(type);
                }
            }

            var offset = (int)(ReadLong(p, "offset") ?? 0);
            if (offset > 0)
            {
                // confirms what was delivered before (ids can jump to random values, so only delivered ones go)
                _queue.RemoveAll(u => u.Delivered && u.Id < offset);
                if (offset > _confirmedOffset)
                {
                    OffsetConfirmed?.Invoke(offset);
                }

                _confirmedOffset = Math.Max(_confirmedOffset, offset);
            }
            else if (offset < 0)
            {
                var keep = -offset;
                if (_queue.Count > keep)
                {
                    _queue.RemoveRange(0, _queue.Count - keep);
                }
            }

            limit = Math.Clamp((int)(ReadLong(p, "limit") ?? 100), 1, 100);
            var timeout = Math.Clamp((int)(ReadLong(p, "timeout") ?? 0), 0, 50);
            wait = TimeSpan.FromSeconds(timeout) < LongPollCap ? TimeSpan.FromSeconds(timeout) : LongPollCap;

            _pendingPoll?.TrySetResult(PollEnd.OtherPoll); // a newer poll terminates the older one
            var ready = ReadyLocked(limit);
            if (ready.Count > 0 || wait == TimeSpan.Zero)
            {
                _pendingPoll = null;
                return Outcome.Ok(ready);
            }

            mine = new TaskCompletionSource<PollEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingPoll = mine;
            _pendingPollAborted = aborted;
        }

        try
        {
            await Task.WhenAny(mine.Task, Task.Delay(wait, aborted));
        }
        catch (OperationCanceledException)
        {
            // client went away
        }

        lock (_gate)
        {
            if (_pendingPoll == mine)
            {
                _pendingPoll = null;
            }

            if (aborted.IsCancellationRequested)
            {
                return new Outcome(0, null, "client gave up");
            }

            if (mine.Task.IsCompleted && mine.Task.Result != PollEnd.Updates)
            {
                if (mine.Task.Result == PollEnd.OtherPoll)
                {
                    _pollConflicts++;
                }

                return Outcome.Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
            }

            return Outcome.Ok(ReadyLocked(limit));
        }
    }

    private enum PollEnd
    {
        Updates,
        OtherPoll,
        Webhook,
    }

    private JsonArray ReadyLocked(int limit)
    {
        var result = new JsonArray();
        foreach (var queued in _queue)
        {
            if (result.Count >= limit)
            {
                break;
            }

            // an update with no kind at all (only update_id: a fuzz case) is delivered as it is
            var type = queued.Update.Select(kv => kv.Key).FirstOrDefault(k => k != "update_id");
            if (type is null || _allowed.Contains(type))
            {
                if (!queued.Delivered)
                {
                    UpdateHandedOut?.Invoke(queued.Id, queued.Update, System.Diagnostics.Stopwatch.GetTimestamp());
                }

                queued.Delivered = true;
                result.Add(queued.Update.DeepClone());
            }
        }

        return result;
    }

    private Outcome SetWebhook(JsonObject p)
    {
        var url = p["url"]?.GetValue<string>() ?? string.Empty;
        var secret = p["secret_token"]?.GetValue<string>();
        if (url.Length > 0 && !url.StartsWith("https://", StringComparison.Ordinal))
        {
            return Outcome.Error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }

        if (secret is not null && !Regex.IsMatch(secret, "^[A-Za-z0-9_-]{1,256}$"))
        {
            return Outcome.Error(400, "Bad Request: secret token contains unallowed characters");
        }

        lock (_gate)
        {
            _webhook = url.Length == 0 ? null : (url, secret);
            _pendingPoll?.TrySetResult(PollEnd.Webhook);
        }

        return Outcome.Ok(true);
    }

    private Outcome SetCommands(JsonObject p)
    {
        var commands = p["commands"] as JsonArray ?? [];
        if (commands.Count is 0 or > 100)
        {
            return Outcome.Error(400, "Bad Request: BOT_COMMANDS_TOO_MUCH");
        }

        foreach (var command in commands)
        {
            var name = command?["command"]?.GetValue<string>() ?? string.Empty;
            var description = command?["description"]?.GetValue<string>() ?? string.Empty;
            if (!Regex.IsMatch(name, "^[a-z0-9_]{1,32}$") || description.Length is 0 or > 256)
            {
                return Outcome.Error(400, "Bad Request: BOT_COMMAND_INVALID");
            }
        }

        lock (_gate)
        {
            _commands[ScopeType(p)] = (JsonArray)commands.DeepClone();
        }

        return Outcome.Ok(true);
    }

    private Outcome Send(string method, JsonObject p, Dictionary<string, RecordedFile> files)
    {
        var chatId = ReadLong(p, "chat_id") ?? 0;
        if (_migrated.TryGetValue(chatId, out var newId))
        {
            return Outcome.Error(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: newId);
        }

        if (_blocked.Contains(chatId))
        {
            return Outcome.Error(403, chatId > 0 ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the group chat");
        }

        var isFile = method is "sendphoto" or "senddocument";
        var text = p[isFile ? "caption" : "text"]?.GetValue<string>();
        var markup = p["reply_markup"];
        if (chatId < 0)
        {
            var labels = markup?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).Select(b => b?["text"]?.GetValue<string>()).OfType<string>() ?? [];
            _groupTexts.Add(new GroupText(chatId, method, text ?? string.Empty, [.. labels]));
        }
        string plain = string.Empty;
        if (StrictMode && Validate(method, text, p["parse_mode"]?.GetValue<string>(), markup, files, p, out plain) is { } error)
        {
            _violations.Add($"{method}: {error}");
            return Outcome.Error(400, "Bad Request: " + error);
        }

        if (!StrictMode)
        {
            plain = text ?? string.Empty;
        }

        StoredMessage? existing = null;
        if (method == "editmessagetext")
        {
            var messageId = (int)(ReadLong(p, "message_id") ?? 0);
            if (!_messages.TryGetValue(chatId, out var chatMessages) || !chatMessages.TryGetValue(messageId, out existing))
            {
                return Outcome.Error(400, "Bad Request: message to edit not found");
            }

            if (existing.PlainText == plain && existing.ReplyMarkup == markup?.ToJsonString())
            {
                return Outcome.Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }
        }

        if (RateLimitLocked(chatId) is { } retryAfter)
        {
            _tooManyRequests++;
            return Outcome.Error(429, "Too Many Requests: retry after " + retryAfter.ToString(CultureInfo.InvariantCulture), retryAfter);
        }

        StoredMessage stored;
        if (existing is not null)
        {
            stored = existing with { PlainText = plain, ReplyMarkup = markup?.ToJsonString(), Edits = existing.Edits + 1 };
        }
        else
        {
            stored = new StoredMessage(chatId, NextMessageIdLocked(chatId), plain, markup?.ToJsonString(), 0);
        }

        if (!_messages.TryGetValue(chatId, out var messages))
        {
            _messages[chatId] = messages = [];
        }

        messages[stored.MessageId] = stored;
        var result = new JsonObject
        {
            ["message_id"] = stored.MessageId,
            ["from"] = BotUserJson(),
            ["chat"] = ChatLocked(chatId),
            ["date"] = UnixNow(),
        };
        if (existing is not null)
        {
            result["edit_date"] = UnixNow();
        }

        if (isFile)
        {
            result[method == "sendphoto" ? "photo" : "document"] = method == "sendphoto"
                ? new JsonArray(new JsonObject { ["file_id"] = "photo-1", ["file_unique_id"] = "p1", ["width"] = 100, ["height"] = 100 })
                : new JsonObject { ["file_id"] = "doc-1", ["file_unique_id"] = "d1" };
            if (text is not null)
            {
                result["caption"] = plain;
            }
        }
        else
        {
            result["text"] = plain;
        }

        if (markup is not null)
        {
            result["reply_markup"] = markup.DeepClone();
        }

        return Outcome.Ok(result);
    }

    private int? RateLimitLocked(long chatId)
    {
        if (RateLimits is not { } limits)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        if (_lastSendPerChat.TryGetValue(chatId, out var last) && now - last < limits.PerChatInterval - limits.Tolerance)
        {
            return Hit("chat", limits.PerChatInterval - (now - last));
        }

        Queue<DateTimeOffset>? group = null;
        if (chatId < 0)
        {
            if (!_groupWindows.TryGetValue(chatId, out group))
            {
                _groupWindows[chatId] = group = new Queue<DateTimeOffset>();
            }

            while (group.Count > 0 && now - group.Peek() >= TimeSpan.FromMinutes(1) - limits.Tolerance)
            {
                group.Dequeue();
            }

            if (group.Count >= limits.GroupPerMinute)
            {
                return Hit("group", TimeSpan.FromMinutes(1) - (now - group.Peek()));
            }
        }

        while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= TimeSpan.FromSeconds(1) - limits.Tolerance)
        {
            _globalWindow.Dequeue();
        }

        if (_globalWindow.Count >= limits.GlobalPerSecond)
        {
            return Hit("global", TimeSpan.FromSeconds(1) - (now - _globalWindow.Peek()));
        }

        _lastSendPerChat[chatId] = now;
        group?.Enqueue(now);
        _globalWindow.Enqueue(now);
        return null;

        int Hit(string limit, TimeSpan wait)
        {
            _tooManyByLimit[limit] = _tooManyByLimit.GetValueOrDefault(limit) + 1;
            return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }
    }

    private static string? Validate(string method, string? text, string? parseMode, JsonNode? markup, Dictionary<string, RecordedFile> files, JsonObject p, out string plain)
    {
        plain = string.Empty;
        var isFile = method is "sendphoto" or "senddocument";
        if (isFile)
        {
            var field = method == "sendphoto" ? "photo" : "document";
            var reference = p[field]?.GetValue<string>();
            if (reference is null || (reference.StartsWith("attach://", StringComparison.Ordinal) && !files.ContainsKey(reference["attach://".Length..])))
            {
                return "there is no " + field + " in the request";
            }
        }
        else if (string.IsNullOrEmpty(text))
        {
            return "message text is empty";
        }

        if (text is not null)
        {
            if (string.Equals(parseMode, "html", StringComparison.OrdinalIgnoreCase))
            {
                if (ParseHtml(text, out plain) is { } error)
                {
                    return "can't parse entities: " + error;
                }
            }
            else if (parseMode is not null)
            {
                return "unsupported parse_mode in this fake: " + parseMode;
            }
            else
            {
                plain = text;
            }

            if (!isFile && string.IsNullOrWhiteSpace(plain))
            {
                return "message text is empty";
            }

            if (plain.Length > (isFile ? 1024 : 4096))
            {
                return isFile ? "message caption is too long" : "message is too long";
            }
        }

        if (markup?["inline_keyboard"] is JsonArray rows)
        {
            foreach (var button in rows.SelectMany(r => r!.AsArray()))
            {
                if (button?["callback_data"] is { } data && Encoding.UTF8.GetByteCount(data.GetValue<string>()) is 0 or > 64)
                {
                    return "BUTTON_DATA_INVALID";
                }

                if (button?["url"] is { } url && !Uri.TryCreate(url.GetValue<string>(), UriKind.Absolute, out _))
                {
                    return "BUTTON_URL_INVALID";
                }
            }
        }

        return null;
    }

    private static readonly HashSet<string> HtmlTags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"];

    /// <summary>Telegram's HTML rules: only the documented tags, balanced; bare &lt; or &amp; refused; four named entities.</summary>
    internal static string? ParseHtml(string html, out string plain)
    {
        var builder = new StringBuilder(html.Length);
        var open = new Stack<string>();
        plain = string.Empty;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '&')
            {
                var end = html.IndexOf(';', i);
                var entity = end < 0 ? string.Empty : html[(i + 1)..end];
                var decoded = entity switch
                {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ when Regex.IsMatch(entity, "^#[0-9]{1,7}$") => char.ConvertFromUtf32(int.Parse(entity[1..], CultureInfo.InvariantCulture)),
                    _ => null,
                };
                if (decoded is null)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Can't find end of the entity starting at byte offset {i}");
                }

                builder.Append(decoded);
                i = end;
            }
            else if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Unclosed start tag at byte offset {i}");
                }

                var tag = html[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ')[0];
                if (!HtmlTags.Contains(name))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Unsupported start tag \"{name}\" at byte offset {i}");
                }

                if (closing)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        return "Can't find end tag corresponding to start tag";
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end;
            }
            else if (c == '>')
            {
                builder.Append(c); // Telegram tolerates a bare '>'
            }
            else
            {
                builder.Append(c);
            }
        }

        if (open.Count > 0)
        {
            return "Can't find end tag corresponding to start tag " + open.Peek();
        }

        plain = builder.ToString();
        return null;
    }

    private void Record(long arrived, string method, JsonObject parameters, Dictionary<string, RecordedFile> files, int status, string? description)
    {
        var call = new RecordedCall(method, parameters, files, status, description, Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow);
        CallCompleted?.Invoke(call, arrived);
        List<TaskCompletionSource<RecordedCall>> done = [];
        lock (_gate)
        {
            if (RecordCalls)
            {
                _calls.Add(call);
            }

            for (var i = _callWaiters.Count - 1; i >= 0; i--)
            {
                if (_callWaiters[i].Match(call))
                {
                    done.Add(_callWaiters[i].Done);
                    _callWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult(call);
        }
    }

    private static async Task<(JsonObject, Dictionary<string, RecordedFile>)> ParseAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        var files = new Dictionary<string, RecordedFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                var text = value.ToString();
                parameters[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : JsonValue.Create(text);
            }

            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                files[file.Name] = new RecordedFile(file.Name, file.FileName, buffer.ToArray());
            }
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json)
            {
                parameters = json;
            }
        }

        foreach (var (key, value) in request.Query)
        {
            parameters[key] = JsonValue.Create(value.ToString());
        }

        return (parameters, files);
    }

    internal static long? ReadLong(JsonObject p, string name) => p[name] switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static string ScopeType(JsonObject p) => p["scope"]?["type"]?.GetValue<string>() ?? "default";

    private static Task WriteOk(HttpContext context, JsonNode result)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());
    }

    private static Task WriteError(HttpContext context, int code, string description, int? retryAfter = null, long? migrateTo = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is not null || migrateTo is not null)
        {
            var parameters = new JsonObject();
            if (retryAfter is { } ra)
            {
                parameters["retry_after"] = ra;
                context.Response.Headers.RetryAfter = ra.ToString(CultureInfo.InvariantCulture);
            }

            if (migrateTo is { } to)
            {
                parameters["migrate_to_chat_id"] = to;
            }

            body["parameters"] = parameters;
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private JsonObject Chat(long chatId)
    {
        lock (_gate)
        {
            return ChatLocked(chatId);
        }
    }

    private JsonObject ChatLocked(long chatId) =>
        _chats.TryGetValue(chatId, out var chat)
            ? (JsonObject)chat.DeepClone()
            : ChatJson(chatId, chatId > 0 ? "private" : chatId < -1_000_000_000_000 ? "supergroup" : "group", chatId > 0 ? null : "Desk");

    private static JsonObject ChatJson(long id, string type, string? title)
    {
        var chat = new JsonObject { ["id"] = id, ["type"] = type };
        if (type == "private")
        {
            chat["first_name"] = "Ana";
        }
        else
        {
            chat["title"] = title ?? "Desk";
        }

        return chat;
    }

    /// <summary>A ChatMember as the Bot API sends it, with the fields its status requires.</summary>
    private static JsonObject ChatMemberJson(string status, JsonObject user)
    {
        var member = new JsonObject { ["status"] = status, ["user"] = user };
        if (status == "creator")
        {
            member["is_anonymous"] = false;
        }
        else if (status == "administrator")
        {
            member["can_be_edited"] = false;
            member["is_anonymous"] = false;
            member["can_manage_chat"] = true;
            member["can_delete_messages"] = false;
            member["can_manage_video_chats"] = false;
            member["can_restrict_members"] = false;
            member["can_promote_members"] = false;
            member["can_change_info"] = false;
            member["can_invite_users"] = true;
            member["can_post_stories"] = false;
            member["can_edit_stories"] = false;
            member["can_delete_stories"] = false;
        }
        else if (status == "kicked")
        {
            member["until_date"] = 0;
        }

        return member;
    }

    private JsonObject MemberUpdate(long chatId, long byUserId, string oldStatus, string newStatus)
    {
        JsonObject Member(string status) => ChatMemberJson(status, BotUserJson());

        return new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["from"] = UserJson(byUserId),
            ["date"] = UnixNow(),
            ["old_chat_member"] = Member(oldStatus),
            ["new_chat_member"] = Member(newStatus),
        };
    }

    private int NextMessageId(long chatId)
    {
        lock (_gate)
        {
            return NextMessageIdLocked(chatId);
        }
    }

    private int NextMessageIdLocked(long chatId)
    {
        var id = _nextMessageId.TryGetValue(chatId, out var next) ? next : 100;
        _nextMessageId[chatId] = id + 1;
        return id;
    }

    private sealed class QueuedUpdate(int id, JsonObject update)
    {
        public int Id { get; } = id;

        public JsonObject Update { get; } = update;

        public bool Delivered { get; set; }
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
