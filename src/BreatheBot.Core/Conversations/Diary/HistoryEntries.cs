using System.Globalization;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The Edit and Delete buttons of /history. Each names its episode by <see cref="EpisodeRef"/>; a press (or "edit 3"
/// typed) is checked against the person's own diary (linked accounts share it), so nobody can reach anyone else's
/// entry, and an entry deleted meanwhile is reported as gone.
/// </summary>
internal static class HistoryEntries
{
    public const string EditPrefix = "he:";
    public const string DeletePrefix = "hd:";

    /// <summary>
    /// Edit and Delete buttons for the episodes of one history page, numbered as the page's lines are: entries are
    /// numbered newest first across pages (<paramref name="firstNumber"/> is the page's first), so "edit 7" typed means
    /// the same entry wherever it was read.
    /// </summary>
    public static IEnumerable<ReplyChoice> HistoryButtons(IReadOnlyList<Episode> page, int firstNumber) =>
        page.SelectMany((e, i) => new[]
        {
            new ReplyChoice(EditPrefix + EpisodeRef.Of(e.Id), DiaryEntryWording.EditButton(firstNumber + i)),
            new ReplyChoice(DeletePrefix + EpisodeRef.Of(e.Id), DiaryEntryWording.DeleteButton(firstNumber + i)),
        });

    /// <summary>
    /// "edit 3" / "delete 3" typed (where buttons cannot be pressed, as in the terminal): the history button of the
    /// person's third newest entry; null when the text is not such a request.
    /// </summary>
    public static string? TypedHistoryChoice(string text, IReadOnlyList<Episode> diary)
    {
        var words = TypedAnswer.Normalise(text).Split(' ');
        if (words.Length is < 2 or > 3 || words[0] is not ("edit" or "change" or "delete" or "remove")
            || (words.Length == 3 && words[1] is not ("entry" or "episode" or "number" or "no"))
            || !int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return null;
        }

        var prefix = words[0] is "edit" or "change" ? EditPrefix : DeletePrefix;
        var newestFirst = diary.OrderByDescending(e => e.StartedAt).ToList();
        return number <= newestFirst.Count ? prefix + EpisodeRef.Of(newestFirst[number - 1].Id) : prefix + "none";
    }

    /// <summary>Whether a typed message may be an "edit 3" / "delete 3" request (so the turn loads the diary).</summary>
    public static bool MayBeTypedHistoryChoice(string text) => TypedHistoryChoice(text, []) is not null;

    /// <summary>True for an Edit or Delete button of a history page (pressable whenever that page is on screen).</summary>
    public static bool IsHistoryButton(string choiceId) =>
        choiceId.StartsWith(EditPrefix, StringComparison.Ordinal) || choiceId.StartsWith(DeletePrefix, StringComparison.Ordinal);

    /// <summary>An Edit or Delete button pressed on a history page.</summary>
    public static ConversationState Press(IDiaryTurn turn, string choiceId)
    {
        var episode = EpisodeRef.Find(turn.Diary, choiceId[EditPrefix.Length..]);
        if (episode is null)
        {
            turn.Say("entry.gone", DiaryEntryWording.EntryGone);
            return new IdleState();
        }

        if (choiceId.StartsWith(DeletePrefix, StringComparison.Ordinal))
        {
            var confirm = new ConfirmDeleteEntryState(episode.Id);
            DeleteEntryFlow.Prompt(turn, confirm);
            return confirm;
        }

        var menu = new EditEntryState(episode.Id, EditItem.Menu);
        EditEntryFlow.Prompt(turn, menu);
        return menu;
    }
}
