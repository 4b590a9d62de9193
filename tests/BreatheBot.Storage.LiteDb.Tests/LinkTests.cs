using System.Text.RegularExpressions;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Storage.LiteDb.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreatheBot.Storage.LiteDb.Tests;

/// <summary>/link: one diary for a person's Telegram and Discord accounts, and /forget covering both.</summary>
public sealed partial class LinkTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _file = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly TextSender _telegram = new(Platform.Telegram);
    private readonly TextSender _discord = new(Platform.Discord);

    private static readonly ConversationKey Telegram = ConversationKey.Private(Platform.Telegram, "7001", "7001");
    private static readonly ConversationKey Discord = ConversationKey.Private(Platform.Discord, "990001", "880001");

    public void Dispose() => _file.Dispose();

    private ConversationService Service(DiaryDatabase db) =>
        new(new ConversationEngine(Options.Create(new ConversationOptions())), new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance),
            [_telegram, _discord], _time, NullLogger<ConversationService>.Instance, new LiteDbEpisodeStore(db));

    private async Task Say(ConversationService service, ConversationKey key, string line)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        InboundEvent inbound = line.StartsWith('/')
            ? new CommandReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), null, line[1..].Split(' ')[0], line.Contains(' ', StringComparison.Ordinal) ? line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null)
            : new TextReceived(key, ChatKind.Private, key.UserId, _time.GetUtcNow(), null, line);
        await (await service.HandleAsync(inbound)).Delivered;
    }

    private async Task Episode(ConversationService service, ConversationKey key, string pain)
    {
        foreach (var line in new[] { "/breathe", "headache", "no", "no", pain, "skip breathing" })
        {
            await Say(service, key, line);
        }
    }

    [GeneratedRegex(@"/link ([A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodePattern();

    [Fact]
    public async Task Linking_shares_one_diary_across_platforms_and_forget_erases_both_accounts()
    {
        using var db = _file.Open();
        await using var service = Service(db);
        await Episode(service, Telegram, "6");
        await Episode(service, Telegram, "5");
        await Episode(service, Discord, "4");

        await Say(service, Telegram, "/link");
        var code = CodePattern().Match(_telegram.Texts[^1]).Groups[1].Value;
        Assert.NotEmpty(code);

        await Say(service, Discord, "/link " + code.ToLowerInvariant());
        Assert.Equal("link.done", _discord.Keys[^1]);

        // Both accounts now see all three episodes, and new ones from Discord land in the same diary.
        await Episode(service, Discord, "3");
        var episodes = new LiteDbEpisodeStore(db);
        Assert.Equal(4, (await episodes.ListByUserAsync(Telegram.UserKey, 0, 100, default)).Count);
        await Say(service, Discord, "/history");
        Assert.Contains("(4 in all)", _discord.Texts[^1], StringComparison.Ordinal);

        // The code was used up.
        await Say(service, Discord, "/link " + code);
        Assert.Equal("link.invalid", _discord.Keys[^1]);

        await Say(service, Discord, "/forget");
        await Say(service, Discord, "yes");
        Assert.Empty(await episodes.ListByUserAsync(Telegram.UserKey, 0, 100, default));
        Assert.Empty(await episodes.ListByUserAsync(Discord.UserKey, 0, 100, default));
        Assert.Equal(Discord.UserKey, await new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance).ResolvePersonAsync(Discord.UserKey, default));

        var bytes = System.Text.Encoding.Latin1.GetString([.. Directory.GetFiles(_file.Folder).SelectMany(p =>
        {
            using var s = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        })]);
        Assert.DoesNotContain("7001", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("880001", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_or_unknown_code_links_nothing()
    {
        using var db = _file.Open();
        await using var service = Service(db);
        await Say(service, Telegram, "/link");
        var code = CodePattern().Match(_telegram.Texts[^1]).Groups[1].Value;

        await Say(service, Discord, "/link ZZZZ-ZZZZ");
        Assert.Equal("link.invalid", _discord.Keys[^1]);

        _time.Advance(TimeSpan.FromMinutes(11));
        await Say(service, Discord, "/link " + code);
        Assert.Equal("link.invalid", _discord.Keys[^1]);
        Assert.Equal(Discord.UserKey, await new LiteDbConversationStore(db, NullLogger<LiteDbConversationStore>.Instance).ResolvePersonAsync(Discord.UserKey, default));
    }

    [Fact]
    public async Task A_code_typed_on_the_same_account_says_there_is_nothing_to_link()
    {
        using var db = _file.Open();
        await using var service = Service(db);
        await Say(service, Telegram, "/link");
        var code = CodePattern().Match(_telegram.Texts[^1]).Groups[1].Value;
        await Say(service, Telegram, "/link " + code);
        Assert.Equal("link.same", _telegram.Keys[^1]);
    }

    private sealed class TextSender(Platform platform) : IReplySender
    {
        private readonly Lock _gate = new();

        public List<string> Keys { get; } = [];

        public List<string> Texts { get; } = [];

        public Platform Platform => platform;

        public Task SendAsync(ConversationKey key, ChatKind chat, IReadOnlyList<Reply> replies, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                foreach (var reply in replies)
                {
                    Keys.Add(reply.Key);
                    Texts.Add(reply switch { TextReply t => t.Text, EditReply e => e.Text, _ => string.Empty });
                }
            }

            return Task.CompletedTask;
        }
    }
}
