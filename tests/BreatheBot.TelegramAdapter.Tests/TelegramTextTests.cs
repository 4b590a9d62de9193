namespace BreatheBot.TelegramAdapter.Tests;

public sealed class TelegramTextTests
{
    [Fact]
    public void Escaping_covers_every_character_HTML_mode_reserves()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; _*.!()", TelegramText.EscapeHtml("a <b> & \"c\" _*.!()"));
    }

    [Fact]
    public void Splitting_prefers_paragraphs_keeps_order_and_respects_the_limit()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 30)));

        var parts = TelegramText.Split(text, limit: 100);

        Assert.All(parts, p => Assert.True(p.Length <= 100));
        Assert.Equal(text.Replace("\n", string.Empty, StringComparison.Ordinal), string.Concat(parts).Replace("\n", string.Empty, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.False(p.StartsWith('\n') || p.EndsWith('\n')));
    }

    [Fact]
    public void Splitting_text_without_spaces_never_cuts_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 80)); // 160 UTF-16 units

        var parts = TelegramText.Split(text, limit: 51);

        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void Text_within_the_limit_is_one_piece()
    {
        Assert.Single(TelegramText.Split(new string('x', 4096)));
        Assert.Equal(2, TelegramText.Split(new string('x', 4097)).Count);
    }
}
