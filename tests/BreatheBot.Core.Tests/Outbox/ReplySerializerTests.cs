using BreatheBot.Core.Messaging;
using BreatheBot.Core.Outbox;

namespace BreatheBot.Core.Tests.Outbox;

/// <summary>Outbox payloads: every reply type survives the round trip; what this version cannot read is said, not thrown.</summary>
public sealed class ReplySerializerTests
{
    public static TheoryData<Reply> EveryReply() => new()
    {
        new TextReply("triage.emergency.advice", "Call 999 now.", [new ReplyChoice("e:yes", "Yes") { PromptId = 7 }, new ReplyChoice("e:no", "No")], "pacer") { WordsOnly = true },
        new TextReply("plain", "Hello"),
        new EditReply("breathing.tick", "pacer", "Breathe in… 3", [new ReplyChoice("b:stop", "Stop") { PromptId = 3 }]),
        new MoveToPrivateReply("channel.move", "Let's talk in private", "Open", "headache"),
        new FileReply("stats.chart", "chart.png", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 255 }, "Your month"),
        new FileReply("export.csv", "diary.csv", "text/csv", Array.Empty<byte>(), null),
        new NoticeReply("channel.joined", "You've already joined"),
        new DataErasedReply("privacy.erased"),
    };

    [Theory]
    [MemberData(nameof(EveryReply))]
    public void Every_reply_type_reads_back_as_it_was_written(Reply reply)
    {
        var payload = ReplySerializer.Serialize(reply);

        Assert.True(ReplySerializer.TryDeserialize(payload, out var back, out var problem), problem);
        Assert.Equal(reply.GetType(), back.GetType());
        Assert.Equal(Normal(reply), Normal(back));
    }

    [Theory]
    [InlineData("""{"v":2,"type":"text","key":"k","text":"t"}""", "payload version 2")]
    [InlineData("""{"v":1,"type":"hologram","key":"k"}""", "unknown reply type 'hologram'")]
    [InlineData("""{"v":1,"type":"text","key":"k"}""", "KeyNotFoundException")]
    [InlineData("""{"v":1,"type":"file","key":"k","name":"a","contentType":"b","content":"***"}""", "FormatException")]
    [InlineData("not json", "Json")]
    [InlineData("[1,2]", "not a JSON object")]
    public void A_payload_this_version_cannot_read_is_refused_with_a_reason(string payload, string reason)
    {
        Assert.False(ReplySerializer.TryDeserialize(payload, out var reply, out var problem));
        Assert.Null(reply);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_a_later_version_adds_are_ignored()
    {
        Assert.True(ReplySerializer.TryDeserialize("""{"v":1,"type":"notice","key":"k","text":"t","colour":"blue"}""", out var reply, out _));
        Assert.Equal(new NoticeReply("k", "t"), reply);
    }

    [Fact]
    public void A_chart_must_be_rendered_before_it_can_go_into_the_outbox() =>
        Assert.Throws<ArgumentException>(() => ReplySerializer.Serialize(new ChartReply("stats.chart", new BreatheBot.Core.Insights.DiaryChart("t", [], []), "c.png", "caption")));

    [Fact]
    public void Entry_ids_are_short_enough_for_a_discord_nonce_with_a_chunk_suffix_and_unique()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => OutboxEntry.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-v]{16}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>Records compare lists and memory by reference: compare what they say.</summary>
    private static string Normal(Reply reply) => reply switch
    {
        TextReply t => $"{t.Key}|{t.Text}|{t.Slot}|{t.WordsOnly}|{string.Join(",", t.Choices.Select(c => $"{c.Id}:{c.Label}:{c.PromptId}"))}",
        EditReply e => $"{e.Key}|{e.Slot}|{e.Text}|{string.Join(",", e.Choices.Select(c => $"{c.Id}:{c.Label}:{c.PromptId}"))}",
        FileReply f => $"{f.Key}|{f.FileName}|{f.ContentType}|{f.Caption}|{Convert.ToHexString(f.Content.Span)}",
        _ => reply.ToString(),
    };
}
