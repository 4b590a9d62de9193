using System.Collections.Frozen;

namespace BreatheBot.Core.Safety;

/// <summary>
/// From the meanings found to a verdict: which meanings are signs on their own, which count only together
/// (a body part near a loss of control, a fever with a stiff neck, a knock on the head with vomiting), and which
/// half sign to ask about when nothing more is there.
/// </summary>
internal static class SignRules
{
    /// <summary>Words the rules read besides the lexicon's phrases: known, so never typo-corrected.</summary>
    public static IEnumerable<string> ContextWords => SignFigures.Words;

    private static readonly FrozenSet<string> BareDeficits = FrozenSet.ToFrozenSet(
        ["numb", "numbness", "weak", "weakness", "weaker", "weakened", "paralysed", "paralyzed", "paralysis"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> PainWords = FrozenSet.ToFrozenSet(
        ["headache", "headaches", "pain", "migraine", "one", "ache", "agony", "head"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> EverWords = FrozenSet.ToFrozenSet(
        ["ever", "life", "imaginable", "lifetime", "experienced"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Qualifiers = FrozenSet.ToFrozenSet(
        ["years", "year", "ages", "months", "month", "weeks", "week", "while", "today", "tonight", "day", "recently", "lately",
         "since", "far", "yet"], StringComparer.Ordinal);

    /// <summary>Concepts that are context, never denied themselves ("no" before "arm" in "no, my arm is numb" denies nothing).</summary>
    private static bool DenialApplies(SignConcept concept) => concept is not (SignConcept.BodyPart or SignConcept.SpeechNoun
        or SignConcept.LanguageObject or SignConcept.OneSide or SignConcept.EyeWord or SignConcept.Exertion or SignConcept.NeverThisBad);

    public static WarningSignResult Decide(List<SignToken> tokens, HalfSign? pending)
    {
        var sentence = SentenceBounds(tokens);
        var raw = SignMatcher.FindPhrases(tokens);
        AddComputed(tokens, raw, sentence);
        var found = new List<SignMatch>(raw.Count);
        foreach (var m in raw)
        {
            var (start, end) = sentence[m.Start];
            if (DenialApplies(m.Concept) && SignNegation.IsDenied(tokens, m.Start, m.End))
            {
                continue;
            }

            if (SignFigures.IsFigure(tokens, m, start, end))
            {
                continue;
            }

            if (m.Concept is SignConcept.Stroke or SignConcept.Seizure or SignConcept.Meningitis or SignConcept.Epilepsy or SignConcept.BrainBleed
                && SignFigures.IsHistory(tokens, start, end))
            {
                continue;
            }

            if (m.Concept == SignConcept.Thunderclap && SignFigures.IsTruckFigure(tokens, start, end))
            {
                found.Add(m with { Concept = SignConcept.Sudden });
                continue;
            }

            found.Add(m);
        }

        var has = new bool[Enum.GetValues<SignConcept>().Length];
        foreach (var m in found)
        {
            has[(int)m.Concept] = true;
        }

        Derive(tokens, found, sentence, has);
        AddPending(has, pending);
        return Verdict(has, found.Any(m => m.Concept == SignConcept.Deficit && BareDeficits.Contains(tokens[m.Start].Word) && !NearPart(found, m, sentence)));
    }

    private static void AddPending(bool[] has, HalfSign? pending)
    {
        switch (pending)
        {
            case HalfSign.StiffNeck: has[(int)SignConcept.StiffNeck] = true; break;
            case HalfSign.Fever: has[(int)SignConcept.Fever] = true; break;
            case HalfSign.Rash: has[(int)SignConcept.Rash] = true; break;
            case HalfSign.BlurredVision: has[(int)SignConcept.Blurry] = true; break;
            case HalfSign.RedEyeOrHaloes: has[(int)SignConcept.RedEye] = has[(int)SignConcept.Haloes] = true; break;
            case HalfSign.HeadKnock: has[(int)SignConcept.HeadKnock] = true; break;
            case HalfSign.SuddenOnset: has[(int)SignConcept.Sudden] = true; break;
            case HalfSign.NumbOrWeak: has[(int)SignConcept.Numb] = true; break;
            case HalfSign.Drowsy: has[(int)SignConcept.Drowsy] = true; break;
        }
    }

    private static WarningSignResult Verdict(bool[] has, bool bareDeficit)
    {
        bool H(SignConcept c) => has[(int)c];
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        if (H(SignConcept.WorstEver) || H(SignConcept.Thunderclap) || H(SignConcept.BrainBleed) || H(SignConcept.Instant)
            || H(SignConcept.SexOnset) && (H(SignConcept.Severe) || H(SignConcept.PainWord))
            || H(SignConcept.Sudden) && (H(SignConcept.Severe) || H(SignConcept.Exertion) || H(SignConcept.WorstQualified) || H(SignConcept.ExplodeSoon)))
        {
            codes.Add("E1");
        }

        if (H(SignConcept.Stroke) || H(SignConcept.SpeechTrouble) || H(SignConcept.Confusion) || H(SignConcept.VisionLoss)
            || H(SignConcept.DoubleVision) || H(SignConcept.LimbDeficit) || H(SignConcept.Numb) && (H(SignConcept.BodyPart) || H(SignConcept.OneSide)))
        {
            codes.Add("E2");
        }

        if (H(SignConcept.Meningitis) || H(SignConcept.PurpleSpots) || H(SignConcept.Rash) && H(SignConcept.NoFade)
            || H(SignConcept.Fever) && (H(SignConcept.StiffNeck) || H(SignConcept.Rash) || H(SignConcept.Worsening))
            || H(SignConcept.StiffNeck) && H(SignConcept.Rash))
        {
            codes.Add("E3");
        }

        if (H(SignConcept.HeadKnock) && (H(SignConcept.Vomit) || H(SignConcept.Drowsy) || H(SignConcept.Worsening) || H(SignConcept.BloodThinner)
            || H(SignConcept.Confusion) || H(SignConcept.Unconscious)))
        {
            codes.Add("E4");
        }

        if (H(SignConcept.Unconscious) || H(SignConcept.Seizure))
        {
            codes.Add("E5");
        }

        if (H(SignConcept.RedEye) && H(SignConcept.EyePain) || H(SignConcept.Haloes) && (H(SignConcept.EyePain) || H(SignConcept.RedEye) || H(SignConcept.Blurry))
            || H(SignConcept.Blurry) && H(SignConcept.EyePain))
        {
            codes.Add("E6");
        }

        if (H(SignConcept.CarbonMonoxide) || H(SignConcept.Household) || H(SignConcept.BetterOutside))
        {
            codes.Add("E7");
        }

        if (codes.Count > 0 || H(SignConcept.Ambulance))
        {
            return WarningSignResult.Emergency([.. codes]);
        }

        HalfSign? half =
            H(SignConcept.HeadKnock) ? HalfSign.HeadKnock
            : H(SignConcept.StiffNeck) ? HalfSign.StiffNeck
            : H(SignConcept.Fever) ? HalfSign.Fever
            : H(SignConcept.Rash) ? HalfSign.Rash
            : H(SignConcept.RedEye) || H(SignConcept.Haloes) ? HalfSign.RedEyeOrHaloes
            : H(SignConcept.Blurry) || H(SignConcept.BlindSpot) ? HalfSign.BlurredVision
            : H(SignConcept.Sudden) || H(SignConcept.WorstQualified) || H(SignConcept.ExplodeSoon) || H(SignConcept.Dying) ? HalfSign.SuddenOnset
            : H(SignConcept.NearFaint) || H(SignConcept.Epilepsy) ? HalfSign.NearFaint
            : bareDeficit || H(SignConcept.Tingling) ? HalfSign.NumbOrWeak
            : H(SignConcept.Drowsy) || H(SignConcept.ThinkStraight) ? HalfSign.Drowsy
            : (HalfSign?)null;
        return half is { } h ? WarningSignResult.Clarify(h) : WarningSignResult.Everyday;
    }

    /// <summary>Meanings made of two parts near each other in one sentence.</summary>
    private static void Derive(List<SignToken> tokens, List<SignMatch> found, (int Start, int End)[] sentence, bool[] has)
    {
        has[(int)SignConcept.LimbDeficit] |= Near(found, sentence, SignConcept.BodyPart, SignConcept.Deficit, 6)
            || Near(found, sentence, SignConcept.OneSide, SignConcept.Deficit, 6) || Near(found, sentence, SignConcept.OneSide, SignConcept.Tingling, 6);
        has[(int)SignConcept.SpeechTrouble] |= Near(found, sentence, SignConcept.SpeechNoun, SignConcept.SpeechWrong, 5)
            || Near(found, sentence, SignConcept.SpeechHeard, SignConcept.SpeechGarbled, 6);
        has[(int)SignConcept.SpeechTrouble] |= Near(found, sentence, SignConcept.UnderstandVerb, SignConcept.LanguageObject, 6);
        has[(int)SignConcept.EyePain] |= Near(found, sentence, SignConcept.EyeWord, SignConcept.EyeHurt, 6);
        has[(int)SignConcept.RedEye] |= Near(found, sentence, SignConcept.EyeWord, SignConcept.RedWord, 8);
        if (has[(int)SignConcept.NeverThisBad])
        {
            has[(int)SignConcept.WorstEver] |= found.Any(m => m.Concept == SignConcept.NeverThisBad && LikeThisFollows(tokens, m.End, sentence[m.Start].End));
        }
    }

    private static bool LikeThisFollows(List<SignToken> tokens, int from, int end)
    {
        for (var i = from; i < end - 1 && i < from + 8; i++)
        {
            var (a, b) = (tokens[i].Word, tokens[i + 1].Word);
            if (a is "this" or "so" or "as" && b is "bad" or "painful" or "severe" or "intense"
                || a == "like" && b is "this" or "it" or "that"
                || a is "anything" or "anywhere" && b is "like" or "near" or "close")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Near(List<SignMatch> found, (int Start, int End)[] sentence, SignConcept a, SignConcept b, int reach)
    {
        foreach (var x in found)
        {
            if (x.Concept != a)
            {
                continue;
            }

            foreach (var y in found)
            {
                if (y.Concept == b && sentence[x.Start] == sentence[y.Start] && Math.Abs(x.Start - y.Start) <= reach)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool NearPart(List<SignMatch> found, SignMatch deficit, (int Start, int End)[] sentence)
    {
        foreach (var m in found)
        {
            if (m.Concept is SignConcept.BodyPart or SignConcept.OneSide && sentence[m.Start] == sentence[deficit.Start] && Math.Abs(m.Start - deficit.Start) <= 6)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Meanings found by reading around a word rather than by a fixed phrase: "worst", "temperature".</summary>
    private static void AddComputed(List<SignToken> tokens, List<SignMatch> found, (int Start, int End)[] sentence)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var w = tokens[i].Word;
            if (PainWords.Contains(w))
            {
                found.Add(new SignMatch(SignConcept.PainWord, i, i + 1));
            }

            if (w == "chin" && ChinToChestHurts(tokens, sentence[i]))
            {
                found.Add(new SignMatch(SignConcept.StiffNeck, i, i + 1));
            }

            if (w == "worst" && Worst(tokens, i, sentence[i].End) is { } worst)
            {
                found.Add(new SignMatch(worst, i, i + 1));
            }
            else if (w is "temperature" or "temp" or "temperatures" && IsBodyTemperature(tokens, i))
            {
                found.Add(new SignMatch(SignConcept.Fever, i, i + 1));
            }
            else if (w == "see" && SignFigures.Word(tokens, i - 1) is "cant" or "cannot" or "couldnt" && (i + 1 == tokens.Count || tokens[i + 1].IsBreak))
            {
                // "I can't see." (but not "I can't see why it started")
                found.Add(new SignMatch(SignConcept.VisionLoss, i - 1, i + 1));
            }
            else if (w is "half" or "part" or "parts" or "bits" && SightGone(tokens, sentence[i], "missing", "gone", "disappeared", "blank", "vanished"))
            {
                found.Add(new SignMatch(SignConcept.VisionLoss, i, i + 1));
            }
            else if (w is "went" or "gone" or "going" or "turned" or "goes" && SignFigures.Word(tokens, i + 1) is "black" or "dark" or "grey" or "gray" or "blank" or "white"
                && SightGone(tokens, sentence[i]))
            {
                found.Add(new SignMatch(SignConcept.VisionLoss, i, i + 2));
            }
        }

        for (var k = 0; k < found.Count; k++)
        {
            // "My vision's gone a bit fuzzy" is blurred, not lost.
            var m = found[k];
            if (m.Concept == SignConcept.VisionLoss && tokens[m.End - 1].Word is "gone" or "went" or "going")
            {
                for (var i = m.End; i < m.End + 3 && i < tokens.Count && !tokens[i].IsBreak; i++)
                {
                    if (tokens[i].Word is "a" or "bit" or "little" or "slightly" or "fuzzy" or "blurry" or "blurred" or "hazy" or "weird" or "funny" or "strange" or "misty")
                    {
                        found[k] = m with { Concept = SignConcept.Blurry };
                        break;
                    }
                }
            }
        }
    }

    /// <summary>"Worst headache ever" is E1; "worst headache in years" is half a sign; "the worst part" is nothing.</summary>
    private static SignConcept? Worst(List<SignToken> tokens, int at, int end)
    {
        var aboutPain = false;
        for (var i = at + 1; i < end && i <= at + 3; i++)
        {
            var w = tokens[i].Word;
            aboutPain |= PainWords.Contains(w) || w == "ever";
        }

        if (!aboutPain)
        {
            return null;
        }

        for (var i = at + 1; i < end && i <= at + 8; i++)
        {
            var w = tokens[i].Word;
            if (EverWords.Contains(w))
            {
                return SignConcept.WorstEver;
            }
        }

        for (var i = at + 1; i < end && i <= at + 8; i++)
        {
            if (Qualifiers.Contains(tokens[i].Word))
            {
                return SignConcept.WorstQualified;
            }
        }

        return SignConcept.WorstEver;
    }

    /// <summary>"I can't put my chin on my chest", "it hurts to touch my chin to my chest": neck stiffness.</summary>
    private static bool ChinToChestHurts(List<SignToken> tokens, (int Start, int End) sentence)
    {
        var chest = false;
        var cannot = false;
        for (var i = sentence.Start; i < sentence.End; i++)
        {
            var w = tokens[i].Word;
            chest |= w == "chest";
            cannot |= w is "cant" or "cannot" or "couldnt" or "hurts" or "unable" or "painful" or "pain";
        }

        return chest && cannot;
    }

    private static bool SightGone(List<SignToken> tokens, (int Start, int End) sentence, params string[] also)
    {
        var sight = false;
        var gone = also.Length == 0;
        for (var i = sentence.Start; i < sentence.End; i++)
        {
            var w = tokens[i].Word;
            sight |= w is "look" or "see" or "vision" or "sight" or "eye" or "eyes" or "everything" or "seeing" or "looking";
            gone |= Array.IndexOf(also, w) >= 0;
        }

        return sight && gone;
    }

    private static bool IsBodyTemperature(List<SignToken> tokens, int at)
    {
        var before = SignFigures.Word(tokens, at - 1);
        var after = SignFigures.Word(tokens, at + 1);
        if (after is "normal" or "fine" or "ok" or "okay" or "dropped" or "outside" or "change" or "changes" or "changed")
        {
            return false;
        }

        return before is "a" or "high" or "running" or "raised" or "my" or "slight" or "got" or "have" or "with" or "had" or "his" or "her" or "of" or "spiking"
            || after is "of" or "37" or "38" or "39" or "40" or "41" or "is" or "keeps" or "went" or "up";
    }

    private static (int Start, int End)[] SentenceBounds(List<SignToken> tokens)
    {
        var bounds = new (int, int)[tokens.Count];
        var start = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i == tokens.Count || tokens[i].Break == TokenBreak.Sentence)
            {
                for (var j = start; j < i; j++)
                {
                    bounds[j] = (start, i);
                }

                if (i < tokens.Count)
                {
                    bounds[i] = (i, i + 1);
                }

                start = i + 1;
            }
        }

        return bounds;
    }
}
