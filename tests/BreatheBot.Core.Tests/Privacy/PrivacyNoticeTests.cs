using BreatheBot.Core.Conversations;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Privacy;
using BreatheBot.Core.Tests.Support;
using Microsoft.Extensions.Options;

namespace BreatheBot.Core.Tests.Privacy;

/// <summary>/privacy tells the truth: who carries the messages, what is stored where and for how long, and who runs the bot.</summary>
public sealed class PrivacyNoticeTests
{
    private static string PrivacyText(PrivacyOptions? details = null)
    {
        var engine = new ConversationEngine(Options.Create(new ConversationOptions()), Options.Create(details ?? new PrivacyOptions()));
        var chat = new EngineDriver(engine: engine);
        return EngineDriver.TextOf(chat.Send("/privacy").Last());
    }

    [Fact]
    public void It_says_the_chat_platform_carries_every_message_and_never_claims_nothing_is_shared()
    {
        var text = PrivacyText();
        Assert.Contains("travels through Telegram", text, StringComparison.Ordinal);
        Assert.Contains("does not delete the chat in Telegram", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing is shared", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Platform.Telegram, "Telegram")]
    [InlineData(Platform.Discord, "Discord")]
    public void It_names_the_platform_the_person_is_on(Platform platform, string name) =>
        Assert.Contains($"travels through {name}", PrivacyNotice.For(platform, new PrivacyOptions()), StringComparison.Ordinal);

    [Fact]
    public void In_the_terminal_it_says_nothing_leaves_the_computer_and_that_forget_removes_saved_files()
    {
        var text = PrivacyNotice.For(Platform.Terminal, new PrivacyOptions());
        Assert.Contains("nothing you type leaves it", text, StringComparison.Ordinal);
        Assert.Contains("including the charts and exports I saved for you", text, StringComparison.Ordinal);
    }

    [Fact]
    public void It_says_what_is_stored_where_for_how_long_and_how_to_export_and_delete()
    {
        var text = PrivacyText();
        Assert.Contains("What I store:", text, StringComparison.Ordinal);
        Assert.Contains("one database file on the server that runs this bot", text, StringComparison.Ordinal);
        Assert.Contains("How long: until you delete it", text, StringComparison.Ordinal);
        Assert.Contains("/export", text, StringComparison.Ordinal);
        Assert.Contains("/forget", text, StringComparison.Ordinal);
        Assert.Contains("It is not medical advice or a diagnosis", text, StringComparison.Ordinal);
    }

    [Fact]
    public void It_shows_the_operator_contact_and_policy_when_they_are_configured()
    {
        var text = PrivacyText(new PrivacyOptions { Operator = "Riverside Health Team", Contact = "privacy@riverside.example", PolicyUrl = "https://riverside.example/privacy" });
        Assert.Contains("Who runs this bot: Riverside Health Team", text, StringComparison.Ordinal);
        Assert.Contains("Contact: privacy@riverside.example", text, StringComparison.Ordinal);
        Assert.Contains("Full privacy policy: https://riverside.example/privacy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_operator_details_it_says_none_were_given_rather_than_inventing_any()
    {
        var text = PrivacyText();
        Assert.Contains("Who runs this bot: the operator has not given a name.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x.example/p")]
    [InlineData("privacy page")]
    public void A_policy_url_that_is_not_http_is_refused_naming_the_key(string url)
    {
        var result = new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { PolicyUrl = url });
        Assert.True(result.Failed);
        Assert.Contains("Privacy:PolicyUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Forget_tells_the_adapter_to_delete_what_it_keeps_for_the_person_before_saying_it_is_done()
    {
        var chat = new EngineDriver();
        chat.Send("/forget");
        var replies = chat.Press("fg:yes");
        Assert.Equal(["forget.files", "forget.done"], replies.Select(r => r.Key));
        Assert.IsType<DataErasedReply>(replies[0]);
    }
}
