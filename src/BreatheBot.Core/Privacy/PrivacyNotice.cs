using System.Text;
using BreatheBot.Core.Content;
using BreatheBot.Core.Conversations;

namespace BreatheBot.Core.Privacy;

/// <summary>
/// /privacy, told truthfully: the chat platform carries every message, what this bot stores and where, for how long,
/// how to export and delete it, and who runs the bot and how to reach them (when the operator has said).
/// </summary>
public static class PrivacyNotice
{
    public static string For(Platform platform, PrivacyOptions operatorDetails)
    {
        ArgumentNullException.ThrowIfNull(operatorDetails);
        var text = new StringBuilder();
        text.Append(Carrier(platform)).Append("\n\n");
        text.Append("What I store: your answers during each headache episode (warning-sign answers, pain ratings, where it hurts, ")
            .Append("triggers, medication and when, the steps you did, what helped, any note you add), headaches you log afterwards ")
            .Append("with /log, your settings, and where our chat stands, ")
            .Append("keyed by your account id. I never sell or share it, and I don't use it for anything but showing you your own diary.\n\n");
        text.Append("Where: in one database file on the server that runs this bot, readable only by the bot's own system account.\n\n");
        text.Append("How long: until you delete it. /export gives you a copy of everything; /history lets you edit or delete one entry; ")
            .Append("/forget deletes everything at once, ")
            .Append(platform == Platform.Terminal ? "including the charts and exports I saved for you. " : "")
            .Append("Backup copies the operator keeps age out on their own schedule.\n\n");
        text.Append(Operator(operatorDetails)).Append("\n\n");
        text.Append("In group channels I never ask or show anything about anyone's health.\n\n");
        text.Append(Wording.Disclaimer);
        return text.ToString();
    }

    private static string Carrier(Platform platform) => platform switch
    {
        Platform.Telegram => "Our chat travels through Telegram, which keeps your messages under its own privacy policy. Deleting your diary here does not delete the chat in Telegram: delete it in the app.",
        Platform.Discord => "Our chat travels through Discord, which keeps your messages under its own privacy policy. Deleting your diary here does not delete the messages in Discord: delete them in the app.",
        _ => "This chat runs on this computer: nothing you type leaves it.",
    };

    private static string Operator(PrivacyOptions details)
    {
        var who = new StringBuilder("Who runs this bot: ");
        who.Append(details.Operator is { Length: > 0 } name ? name : "the operator has not given a name");
        if (details.Contact is { Length: > 0 } contact)
        {
            who.Append(". Contact: ").Append(contact);
        }

        if (details.PolicyUrl is { Length: > 0 } url)
        {
            who.Append(". Full privacy policy: ").Append(url);
        }

        return who.Append('.').ToString();
    }
}
