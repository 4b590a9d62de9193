using BreatheBot.Core.Commands;
using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>/link: one diary for the same person on several platforms, joined by a short-lived code.</summary>
internal static class DiaryLink
{
    /// <summary>How long a /link code stays valid.</summary>
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>"/link" without a code: the caller must supply <see cref="TurnInputs.NewLinkCode"/>.</summary>
    public static bool LinkCodeRequested(InboundEvent inbound) =>
        inbound is CommandReceived { Name: BotCommands.Link } command && !inbound.Key.IsChannel && inbound.Chat == ChatKind.Private && string.IsNullOrWhiteSpace(command.Argument);

    /// <summary>"/link CODE": the code as typed, normalised (upper case, no spaces or dashes), or null.</summary>
    public static string? TypedLinkCode(InboundEvent inbound) =>
        inbound is CommandReceived { Name: BotCommands.Link, Argument: { } argument } && !inbound.Key.IsChannel && inbound.Chat == ChatKind.Private
            ? NormaliseLinkCode(argument)
            : null;

    public static string? NormaliseLinkCode(string text)
    {
        var code = new string([.. text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);
        return code.Length is >= 6 and <= 16 ? code : null;
    }

    public static void Link(Turn turn, string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            var code = turn.Inputs.NewLinkCode;
            if (code is null)
            {
                turn.Say("link.unavailable", InsightsWording.LinkUnavailable);
                return;
            }

            turn.CreateLinkCode = new LinkCode(code, turn.PersonKey, turn.Now + LinkCodeLifetime);
            turn.Say("link.code", InsightsWording.LinkCodeIssued(code, LinkCodeLifetime));
            return;
        }

        var typed = turn.Inputs.TypedLinkCode;
        if (typed is null || typed.ExpiresAt < turn.Now || typed.Code != NormaliseLinkCode(argument))
        {
            turn.Say("link.invalid", InsightsWording.LinkInvalid);
            return;
        }

        if (typed.PersonKey == turn.PersonKey)
        {
            turn.Say("link.same", InsightsWording.LinkSame);
            return;
        }

        turn.LinkToPerson = typed;
        turn.Say("link.done", InsightsWording.Linked);
    }
}
