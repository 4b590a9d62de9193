using System.Collections.Frozen;

namespace BreatheBot.Core.Safety;

/// <summary>
/// Figures of speech and other readings that are not a sign: "a rash decision", "confused about the settings",
/// "dying to sit down", "a stroke of luck", "hay fever", "I can't talk right now", "the temperature dropped",
/// "banging my head against a wall", a stroke "years ago". Each check looks only at the words around the match.
/// </summary>
internal static class SignFigures
{
    private static FrozenSet<string> Set(params string[] words) => FrozenSet.ToFrozenSet(words, StringComparer.Ordinal);

    private static readonly FrozenSet<string> RashFigure = Set("decision", "decisions", "choice", "choices", "move", "moves", "thing",
        "things", "idea", "ideas", "purchase", "buy", "comment", "comments", "promise", "promises", "statement", "act", "action", "actions",
        "behaviour", "behavior", "call", "words", "remark", "judgement", "judgment", "bet", "order", "plan", "reply", "response", "email",
        "message", "spending", "of", "thing", "impulse", "decision");

    private static readonly FrozenSet<string> ConfusedFigure = Set("about", "by", "with", "why", "how", "what", "which", "whether",
        "if", "over", "as", "at", "because", "the", "this", "that", "on", "re", "regarding", "between", "when", "whats", "which");

    private static readonly FrozenSet<string> Orientation = Set("day", "year", "date", "month", "who", "time");

    private static readonly FrozenSet<string> TalkFigure = Set("right", "now", "long", "for", "to", "about", "at", "much", "because",
        "atm", "rn", "here", "freely", "on", "in", "with", "today", "tonight", "english", "french", "spanish", "german", "yet", "loud",
        "out", "there", "from");

    private static readonly FrozenSet<string> StrokeBefore = Set("heat", "sun", "brush", "back", "swimming", "breast", "key", "pen",
        "master", "single", "finishing", "golf", "tennis", "paint", "piston", "two", "four", "bold", "broad", "first", "one", "a", "the");

    private static readonly FrozenSet<string> StrokeAfterFigure = Set("of", "the", "his", "her", "their", "its", "your", "a");

    private static readonly FrozenSet<string> FeverBefore = Set("hay", "cabin", "spring", "disco", "football", "gold", "election",
        "shopping", "world", "cup", "saturday", "night", "baby", "christmas", "festival", "glandular");

    private static readonly FrozenSet<string> DeficitAfterFigure = Set("coffee", "tea", "signal", "wifi", "joke", "password", "excuse",
        "point", "link", "moment", "spot", "argument", "attempt", "connection", "to", "tired", "end", "set", "easy", "serious", "battery",
        "line", "beer", "drink", "metal", "lifting", "weight", "weights", "blanket", "rain", "traffic", "workload", "week", "heart",
        "period", "periods", "bleeding", "drinker", "load", "meal", "sleeper", "sleep", "eyes", "inside", "chest", "cold", "tired",
        "air", "silence", "quiet", "body", "at");

    private static readonly FrozenSet<string> ExerciseWords = Set("gym", "workout", "run", "running", "hike", "hiking", "training",
        "squats", "marathon", "football", "cycling", "climbing", "walk", "walking", "legday", "cardio", "spin", "yoga", "exercise");

    private static readonly FrozenSet<string> CollapseSubjects = Set("tent", "chair", "project", "deal", "building", "plan", "plans",
        "market", "bed", "lung", "lungs", "table", "shelf", "roof", "wall", "bridge", "economy", "talks", "house", "bookcase", "company",
        "sofa", "it", "cake", "souffle", "team", "stock", "stocks", "shares", "app", "server", "website", "umbrella");

    private static readonly FrozenSet<string> NearWords = Set("nearly", "almost", "about", "going", "gonna", "might", "could",
        "like", "close", "would", "may", "scared", "worried", "afraid");

    private static readonly FrozenSet<string> DyingFigure = Set("to", "for", "of", "laughing", "inside", "here", "lol");

    private static readonly FrozenSet<string> SickFigure = Set("of", "day", "days", "note", "leave", "pay", "bag");

    private static readonly FrozenSet<string> OnsetWords = Set("came", "come", "comes", "coming", "started", "start", "starts",
        "began", "begun", "begin", "peaked", "maxed", "hit", "struck", "reached", "onset", "from", "exploded", "kicked", "went", "it",
        "pain", "headache");

    private static readonly FrozenSet<string> ReliefWords = Set("helped", "helps", "relief", "better", "eased", "gone", "away",
        "worked", "stopped", "asleep", "improved", "calmer", "relaxed", "reply", "replied", "answer");

    private static readonly FrozenSet<string> TruckWords = Set("truck", "bus", "train", "lorry", "tram", "ton", "tonne", "freight");

    private static readonly FrozenSet<string> HeadWords = Set("brain", "head", "skull");

    /// <summary>Words the checks compare against: known, so never typo-corrected into a sign word.</summary>
    public static IEnumerable<string> Words =>
        RashFigure.Concat(ConfusedFigure).Concat(Orientation).Concat(TalkFigure).Concat(StrokeBefore).Concat(FeverBefore)
            .Concat(DeficitAfterFigure).Concat(ExerciseWords).Concat(CollapseSubjects).Concat(NearWords).Concat(OnsetWords)
            .Concat(ReliefWords).Concat(TruckWords).Concat(HeadWords).Concat(["against", "wall", "ago", "years", "year", "last",
                "child", "kid", "history", "died", "runs", "passed", "away", "temperature", "temp", "normal", "fine", "worst", "ever",
                "life", "imaginable", "lifetime", "ive", "had", "felt", "experienced", "been", "this", "bad", "like", "anything", "anywhere",
                "near", "so", "as", "painful", "intense", "severe", "headache", "headaches", "pain", "migraine", "one", "ache", "agony",
                "weeks", "months", "ages", "while", "today", "tonight", "recently", "lately", "since", "week", "month", "far", "chin", "chest", "hurts", "unable", "half", "part", "parts", "bits", "missing", "gone", "disappeared", "blank", "vanished", "went", "going", "turned", "goes", "black", "dark", "grey", "gray", "white", "look", "see", "vision", "sight", "eye", "eyes", "everything", "seeing", "looking", "a", "bit", "little", "slightly", "fuzzy", "hazy", "misty", "cant", "cannot", "couldnt"]);

    public static string Word(List<SignToken> tokens, int i) => i >= 0 && i < tokens.Count ? tokens[i].Word : string.Empty;

    /// <summary>Whether the match is a figure of speech or a past event, not a sign now.</summary>
    public static bool IsFigure(List<SignToken> tokens, SignMatch m, int sentenceStart, int sentenceEnd)
    {
        var first = tokens[m.Start].Word;
        var before = Word(tokens, m.Start - 1);
        var after = Word(tokens, m.End);
        switch (m.Concept)
        {
            case SignConcept.Rash:
                return first.StartsWith("rash", StringComparison.Ordinal) && RashFigure.Contains(after);
            case SignConcept.Confusion:
                return (first is "confused" or "confusion") && ConfusedFigure.Contains(after) && !AboutOrientation(tokens, m.End, sentenceEnd);
            case SignConcept.SpeechTrouble:
                return (tokens[m.End - 1].Word is "talk" or "speak") && TalkFigure.Contains(after)
                    || tokens[m.End - 1].Word is "words" or "word" && after == "to";
            case SignConcept.Stroke:
                return first is "stroke" or "strokes"
                    && (StrokeBefore.Contains(before) && before is not ("a" or "the") || StrokeAfterFigure.Contains(after)
                        || after == "my" && Word(tokens, m.End + 1) is "cat" or "dog" or "hair" or "beard" or "pet" or "back" or "head");
            case SignConcept.Blurry:
                return first is "cant" or "cannot" or "couldnt" or "unable" && after is "on" or "at" or "today" or "right" or "properly" or "much" or "for";
            case SignConcept.Fever:
                return FeverBefore.Contains(before);
            case SignConcept.Deficit:
                return DeficitAfterFigure.Contains(after)
                    || (first is "dead" or "heavy") && Any(tokens, sentenceStart, sentenceEnd, ExerciseWords);
            case SignConcept.Dying:
                return DyingFigure.Contains(after);
            case SignConcept.Vomit:
                return first == "sick" && (SickFigure.Contains(after) || after == "and" && Word(tokens, m.End + 1) == "tired");
            case SignConcept.Unconscious:
                return (first.StartsWith("collaps", StringComparison.Ordinal) && CollapseSubjects.Contains(before)) || IsNear(tokens, m.Start);
            case SignConcept.HeadKnock:
                return Within(tokens, m.End, sentenceEnd, 6, "against") || before is "could" or "would" or "wanna" or "gonna" || Word(tokens, m.Start - 2) is "want" or "going";
            case SignConcept.Instant:
                return !Any(tokens, sentenceStart, sentenceEnd, OnsetWords) || Any(tokens, sentenceStart, sentenceEnd, ReliefWords);
            case SignConcept.Thunderclap:
                return first == "bomb" && before is "bath" or "photo" || Any(tokens, sentenceStart, sentenceEnd, TruckWords);
            case SignConcept.BrainBleed:
                return first == "bleed" && !Any(tokens, sentenceStart, sentenceEnd, HeadWords);
            default:
                return false;
        }
    }

    /// <summary>"Hit by a truck": said of feeling awful, so only half a sign.</summary>
    public static bool IsTruckFigure(List<SignToken> tokens, int sentenceStart, int sentenceEnd) => Any(tokens, sentenceStart, sentenceEnd, TruckWords);

    /// <summary>"My grandad had a stroke years ago", "I had meningitis as a child", "history of": not happening now.</summary>
    public static bool IsHistory(List<SignToken> tokens, int sentenceStart, int sentenceEnd)
    {
        for (var i = sentenceStart; i < sentenceEnd; i++)
        {
            var w = tokens[i].Word;
            var next = Word(tokens, i + 1);
            if (w == "ago" && Word(tokens, i - 1) is "years" or "year" or "decades" or "decade" or "months"
                || w == "last" && next == "year"
                || w == "as" && next is "a" && Word(tokens, i + 2) is "child" or "kid" or "baby" or "teenager" or "teen"
                || w == "when" && next == "i" && Word(tokens, i + 2) == "was"
                || w is "history" or "died"
                || w == "passed" && next == "away"
                || w == "runs" && next == "in")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNear(List<SignToken> tokens, int start)
    {
        for (var i = start - 1; i >= 0 && i >= start - 4 && !tokens[i].IsBreak; i--)
        {
            if (NearWords.Contains(tokens[i].Word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AboutOrientation(List<SignToken> tokens, int from, int sentenceEnd)
    {
        for (var i = from; i < sentenceEnd && i < from + 6; i++)
        {
            var w = tokens[i].Word;
            if (Orientation.Contains(w) || w == "where" && Word(tokens, i + 1) is "i" or "im" or "he" or "she" or "they" or "we")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Within(List<SignToken> tokens, int from, int sentenceEnd, int reach, string word)
    {
        for (var i = from; i < sentenceEnd && i < from + reach; i++)
        {
            if (tokens[i].Word == word)
            {
                return true;
            }
        }

        return false;
    }

    public static bool Any(List<SignToken> tokens, int from, int to, FrozenSet<string> words)
    {
        for (var i = from; i < to; i++)
        {
            if (words.Contains(tokens[i].Word))
            {
                return true;
            }
        }

        return false;
    }
}
