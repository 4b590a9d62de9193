using System.Globalization;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>
/// Every sentence BreatheBot says, in one place (content.md). Warm, short, second person; never diagnostic.
/// </summary>
public static class Wording
{
    public const string Disclaimer =
        "BreatheBot offers self-care exercises and a headache diary for adults. It is not medical advice or a diagnosis. " +
        "If something feels very wrong, or you have any of the warning signs in /help, contact a doctor or emergency services now.";

    public const string DefaultEmergencyNumbers = "112 / 999 / 911 / 000";

    public const string DefaultNonEmergencyLine = "your local urgent-care line (for example NHS 111)";

    public const string Welcome =
        "Hi, I'm BreatheBot. When a headache starts, message me: I'll check for warning signs first, then guide you " +
        "through slow breathing and trigger-point self-massage, and check in later so you can learn what helps you. " +
        "I'm made for adults: for a child's headache, please speak to a doctor.";

    public const string WhatNext = "What would you like to do?";

    public const string Help =
        "Here's what I can do:\n" +
        "/headache: a headache is starting. A quick safety check, slow breathing and trigger-point steps\n" +
        "/breathe: a guided slow-breathing exercise\n" +
        "/points: trigger-point self-massage steps\n" +
        "/stop: stop what we're doing\n\n" +
        "Your diary, in a private chat with me:\n" +
        "/history: your recent episodes; edit or delete one\n" +
        "/log: log a past headache you didn't record at the time\n" +
        "/stats: your own figures and a chart of what helps you\n" +
        "/report: a PDF report of your diary to show your doctor (add 30d, 90d or all)\n" +
        "/export: download your whole diary (CSV and JSON)\n" +
        "/settings: time zone, breathing, follow-up, emergency number\n" +
        "/link: use one diary on Telegram and Discord\n" +
        "/privacy: what I store and how to delete it\n" +
        "/forget: delete everything I store about you\n\n" +
        "Tap a button, or type its number or its words. On the warning-sign questions, tap a button or type yes, no or not sure.";

    public static string EmergencyLine(string numbers) => $"If something feels very wrong, call {numbers} now.";

    // Red-flag screen (content.md §2)
    public const string EmergencyScreenIntro = "First, a quick safety check. Does any of these apply right now?";

    public const string SameDayScreenIntro = "Thank you. And do any of these apply?";

    /// <summary>Closes every screen that lists signs: the answers are words, never numbers.</summary>
    public const string ScreenAnswerHint = "Tap a button, or type yes, no or not sure.";

    /// <summary>The calm re-ask when a screen gets an answer it cannot take (a bare number among them).</summary>
    public const string ScreenReask = "Just to be sure I understand: please tap a button, or type yes, no or not sure.";

    /// <summary>The same re-ask on a yes/no question.</summary>
    public const string YesNoReask = "Just to be sure I understand: please tap a button, or type yes or no.";

    public const string NoneOfThese = "None of these";

    public const string YesOneOrMore = "Yes, one or more";

    public const string NotSure = "Not sure";

    public const string ForMyChild = "It's for my child";

    /// <summary>Signs listed as bullets (never numbers, so a typed "1" cannot be mistaken for an answer).</summary>
    public static string Bullets(IEnumerable<string> lines) => string.Join("\n", lines.Select(line => "• " + line));

    public static string EmergencyAdvice(string numbers) =>
        $"Call {numbers} now, or go to the nearest emergency department. Don't drive yourself. " +
        "Go even if it starts to ease. If you're alone, tell someone nearby.";

    public static string CarbonMonoxideAdvice(string numbers) =>
        "Get everyone, pets too, out into fresh air now, and leave the door open behind you. Turn off gas appliances if it is safe. " +
        $"Then call {numbers} (or your gas emergency line) and don't go back in until it has been checked.";

    public static string PregnancyAdvice(string numbers) =>
        "If you're pregnant or gave birth in the last 6 weeks: please contact your midwife, maternity unit or GP now — a severe headache " +
        "in pregnancy or soon after birth needs checking today. If you also have blurred vision or flashing lights, sudden swelling " +
        $"of the face, hands or feet, pain just below the ribs, or a fit, call {numbers} now.";

    public static string ChildAdvice(string numbers, string nonEmergencyLine) =>
        $"For a child's headache, please speak to a doctor or {nonEmergencyLine}; call {numbers} now if they are very unwell, " +
        "drowsy, confused, have a stiff neck, a rash or a fever that won't come down.";

    // After an emergency flag (content.md §2)
    public const string GotHelpQuestion = "Have you got help?";

    public const string HelpOnItsWay = "Yes, help is on its way / I've been seen";

    public const string NotYet = "Not yet";

    // /breathe: headache or practice (content.md §2)
    public const string BreathePurpose = "Is this for a headache now, or to practise?";

    public const string ForAHeadache = "A headache now";

    public const string ToPractise = "To practise";

    /// <summary>Asked once in practice before a preset with breath-holds (content.md §2).</summary>
    public const string PracticeHoldsQuestion = "Are you pregnant, or do you have a heart or lung condition or panic attacks?";

    public const string Yes = "Yes";

    public const string No = "No";

    public const string PurposeReask = "Just to be sure I understand: please tap a button, or type headache or practise.";

    /// <summary>Every warning sign, for /help (the disclaimer points there).</summary>
    public static string WarningSigns(string numbers, string nonEmergencyLine) =>
        $"Warning signs. Call {numbers} now, or go to the nearest emergency department, if:\n" +
        Bullets(RedFlags.EmergencyTier.Select(item => item.Question)) +
        $"\n\nSpeak to a doctor today (your GP, an urgent care service or {nonEmergencyLine}) if:\n" +
        Bullets(RedFlags.SameDayTier.Select(item => item.Question));

    public const string PracticeDone = "Well done. Practising when you're well makes it easier to use when a headache starts.";

    public const string EmergencyRecordPrompt =
        "When you can, tap any that apply so your diary has it (if others at home are unwell too, tap that one first). " +
        "I won't suggest any exercises for this headache.";

    public const string GettingHelp = "I've called / I'm getting help";

    public const string GettingHelpThanks =
        "Thank you. You're doing the right thing. I've noted this in your diary. Take care.";

    public static string SameDayAdvice(string nonEmergencyLine) =>
        $"Please speak to a doctor today (your GP, an urgent care service or {nonEmergencyLine}). " +
        "The breathing exercise below is safe to do while you arrange that; skip the massage for now.";

    public const string SameDayRecordPrompt = "If you like, tap the ones that apply for your diary, then Continue.";

    public const string Continue = "Continue";

    public const string RecentEmergencyNoMassage =
        "Earlier you told me about a warning sign. Please get that checked first: I won't suggest massage until then. " +
        "Slow breathing is fine while you wait for help.";

    // Triage (content.md §3)
    /// <summary>How a pain question is answered: a typed number is the pain value itself, never a button's position.</summary>
    public const string PainHowToAnswer = "Type a number from 0 to 10 or tap one.";

    public const string PainNow = "How bad is the pain right now, from 0 to 10? (0 is none, 10 the worst you can imagine.) " + PainHowToAnswer;

    public const string PainAfterBreathing = "How's the pain now, 0 to 10? " + PainHowToAnswer;

    public const string PainAfterMassage = "How's the pain now, after the pressure points, 0 to 10? " + PainHowToAnswer;

    public const string PainFollowUp = "Checking in: how's the headache now, 0 to 10? " + PainHowToAnswer;

    public const string Location = "Where does it hurt? Tap all that apply, then Done.";

    public const string Character = "How does the pain feel?";

    public const string Features = "Do you notice any of these? Tap all that apply, then Done (or Done if none).";

    public const string Triggers = "Anything that might have set it off? Tap all that apply, then Done.";

    public const string OtherTrigger = "What else might have set it off? Type a few words.";

    public const string Medication = "Have you taken anything for it? This is only for your diary: I never suggest or dose medicines.";

    public const string MedicationWhen = "When did you take it?";

    public const string MigraineLikeNote =
        "Some of what you describe has features like migraine. Let's start with breathing; a dark, quiet room may help too. " +
        "Pressure-point steps are optional, and gentler.";

    public const string Done = "Done";

    public const string Selected = "✓ ";

    // Breathing (content.md §4)
    public const string BreathingChoose = "Let's do some slow breathing. Which exercise would you like?";

    /// <summary>The preset question until the person has chosen breath-holds once after reading the caution.</summary>
    public const string BreathingChooseWithCaution = BreathingChoose + "\n\n" + HoldsCaution;

    public const string BreathingChooseHoldsSkipped =
        "Let's do some slow breathing. I'll keep it to resonance breathing, which has no breath-holds.";

    /// <summary>The length question, naming the configured default (Conversation:DefaultBreathingMinutes) as the good start.</summary>
    public static string BreathingLengthPrompt(int defaultMinutes) =>
        string.Create(CultureInfo.InvariantCulture, $"How long? About {defaultMinutes} minute{(defaultMinutes == 1 ? string.Empty : "s")} is a good start.");

    public const string SkipBreathing = "Skip breathing";

    public const string BreathingCue =
        "Sit back, drop your shoulders, one hand on your belly. Breathe in through your nose, letting your belly rise… " +
        "and slowly out through your mouth, belly falling.\n\nIf you feel dizzy or tingly, stop and breathe normally.";

    public const string StopLabel = "Stop";

    public const string DizzyLabel = "I feel dizzy";

    /// <summary>After "I feel dizzy" (breathing) or stopping a massage feeling dizzy, numb or worse (content.md §4, §5).</summary>
    public static string DizzyAdvice(string emergencyNumbers) =>
        $"Breathe normally and sit or lie down. If it doesn't pass within a few minutes, or you faint, get urgent help: {emergencyNumbers}.";

    public const string HoldsCaution =
        "Breath-holds aren't for everyone: if you're pregnant, have a heart or lung condition or panic attacks, choose the even breathing instead.";

    public const string MassageSkippedDizzy = "We'll leave out the pressure points this time, as you felt unwell during the exercise.";

    public const string BreathingDone = "Well done. Take a moment to notice how you feel.";

    public const string BreathingStopped = "Breathing stopped.";

    public const string PacerStalled = "Your breathing exercise was interrupted (I was offline for a moment). Would you like to start it again?";

    public const string StartAgain = "Start again";

    public const string Skip = "Skip";

    public static string PhaseLabel(BreathPhaseKind kind) => kind switch
    {
        BreathPhaseKind.In => "Breathe in…",
        BreathPhaseKind.Hold => "Hold…",
        BreathPhaseKind.Out => "Breathe out…",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Pacer(BreathPhase phase, int cycle, int totalCycles, TimeSpan left) =>
        string.Create(CultureInfo.InvariantCulture, $"{PhaseLabel(phase.Kind)} {phase.Seconds}\nRound {cycle} of {totalCycles} · {(int)left.TotalMinutes}:{left.Seconds:00} left");

    /// <summary>
    /// A <see cref="Pacer"/> text counted down by an adapter that can redraw every second (the terminal): "Breathe in… 5"
    /// after 2 s reads "Breathe in… 5 4 3", never below 1. Any other text comes back unchanged.
    /// </summary>
    public static string PacerCountdown(string pacerText, int elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(pacerText);
        var lineEnd = pacerText.IndexOf('\n', StringComparison.Ordinal);
        var first = lineEnd < 0 ? pacerText : pacerText[..lineEnd];
        var space = first.LastIndexOf(' ');
        if (elapsedSeconds <= 0 || space < 0
            || !Enum.GetValues<BreathPhaseKind>().Any(k => first[..space] == PhaseLabel(k))
            || !int.TryParse(first.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return pacerText;
        }

        var counted = Enumerable.Range(1, Math.Min(elapsedSeconds, seconds - 1)).Select(i => (seconds - i).ToString(CultureInfo.InvariantCulture));
        return string.Join(' ', [first, .. counted]) + (lineEnd < 0 ? string.Empty : pacerText[lineEnd..]);
    }

    public static string PresetLabel(BreathingPattern pattern, bool recommended) =>
        recommended ? $"{pattern.Name} (recommended)" : $"{pattern.Name}: {pattern.Description}";

    public static string MinutesLabel(int minutes, bool recommended) =>
        string.Create(CultureInfo.InvariantCulture, $"{minutes} min{(recommended ? " (recommended)" : string.Empty)}");

    /// <summary>An exercise's real length, e.g. "3 min", "2 min 56 s", "1 min 16 s", "55 s" (content.md §4: any stated duration is the real one).</summary>
    public static string Length(TimeSpan length)
    {
        var total = (int)Math.Round(length.TotalSeconds);
        var (minutes, seconds) = (total / 60, total % 60);
        return minutes == 0 ? string.Create(CultureInfo.InvariantCulture, $"{seconds} s")
            : seconds == 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min {seconds} s");
    }

    /// <summary>A length button: the real length of the rounds that fit the chosen minutes.</summary>
    public static string LengthLabel(BreathingPattern pattern, int minutes, bool recommended) =>
        Length(pattern.Duration(pattern.CyclesFor(minutes))) + (recommended ? " (recommended)" : string.Empty);

    // Trigger points (content.md §5)
    public const string OfferGentlePoints = "Would you like to try some gentle pressure-point steps? They're optional.";

    public const string YesGently = "Yes, gently";

    public const string NoThanks = "No thanks";

    /// <summary>The pre-massage questions, in one message (content.md §5; cervical artery dissection and carotid disease).</summary>
    public const string Contraindications =
        "Before the massage, do any of these apply to you?\n" +
        "• a recent neck injury, neck surgery or neck manipulation (for example by a chiropractor)\n" +
        "• new or sudden pain on one side of the neck\n" +
        "• a drooping eyelid, or one pupil smaller than the other\n" +
        "• dizziness or changes in your vision when you turn your head\n" +
        "• narrowed neck arteries, or a past stroke or mini-stroke\n" +
        "• blood thinners or a bleeding disorder\n" +
        "• osteoporosis\n" +
        "• a skin problem where you'd press";

    public const string NoneApply = "No, none of these";

    public const string OneApplies = "Yes, one or more";

    public const string YesOrNo = "Please tap Yes or No (or Not sure).";

    public const string MassageSkippedContraindicated =
        "Then let's skip the massage today: with any of these, pressing on the neck or head could do harm, " +
        "and neck pain with them is worth mentioning to a doctor. Slow breathing is a safe alternative.";

    public const string Over65Question = "One more before the neck steps: are you over 65?";

    /// <summary>Said with the first step and on every hold timer's first message (content.md §5).</summary>
    public const string StopRules = "Stop at once if you feel dizzy, faint, numb or tingly, or if the pain spreads or gets worse.";

    public const string StopUnwellLabel = "Stop: I feel dizzy, numb or worse";

    public const string MassageStopped = "Massage stopped.";

    public const string PointsSkipQuestions = "Skip these questions";

    public const string MassageSkippedSameDay = "We'll skip the massage for now, as you're arranging to see a doctor today.";

    public static string HowToPress(bool gentle, int holdSeconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Find the most tender spot and press with your fingertips (or a ball against a wall) to a \"good hurt\" of about {(gentle ? "3–4" : "5–6")} out of 10, never sharp pain. " +
            $"Hold for {holdSeconds} seconds with slow breathing, until the tenderness eases by about half, then release slowly. Then do the same on the other side.");

    public static string MuscleStep(int index, int count, MuscleGuide guide, bool gentle, int holdSeconds)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Step {index} of {count}: {guide.Name}\n\nWhere: {guide.WhereAndHow}\nIt can send pain to {guide.RefersTo}.\n\n{HowToPress(gentle, holdSeconds)}");
        text = guide.SafetyNote is null ? text : $"{text}\n\nSafety: {guide.SafetyNote}";
        return index == 1 ? $"{text}\n\n{StopRules}" : text;
    }

    public static string StartHold(int seconds) => string.Create(CultureInfo.InvariantCulture, $"Start {seconds} s hold");

    public const string SkipMuscle = "Skip this muscle";

    /// <summary>The hold timer; its first message (and every update of it) carries the stop rules.</summary>
    public static string Holding(int secondsLeft) =>
        string.Create(CultureInfo.InvariantCulture, $"Hold… {secondsLeft} s left. Breathe slowly.\n{StopRules}");

    public const string ReleaseSlowly = "Release slowly. ✓";

    public const string OtherSide = "Now the same on the other side.";

    public const string Stretch =
        "To finish: slowly tilt your ear towards your shoulder and hold for about 20 seconds on each side, " +
        "then roll your shoulders back five times.";

    // Wrap-up and follow-up (content.md §6)
    public static string Saved(TimeSpan followUpIn) =>
        string.Create(CultureInfo.InvariantCulture, $"Thank you. This episode is saved in your diary. I'll check in with you in {Describe(followUpIn)} to see how you're doing.");

    public const string WhatHelped = "What helped most?";

    /// <summary>The same-day advice at the follow-up (pain still 7 or more, or no doctor yet after a same-day sign).</summary>
    public static string SameDayAdviceAtFollowUp(string nonEmergencyLine) =>
        $"Please speak to a doctor today (your GP, an urgent care service or {nonEmergencyLine}). Skip the massage for now.";

    public const string DoctorCheck = "Earlier you told me about a sign that needs a doctor today. Did you manage to speak to a doctor?";

    public static string Label(DoctorContact value) => value switch
    {
        DoctorContact.Yes => "Yes",
        DoctorContact.NotYet => "Not yet",
        DoctorContact.NotNeeded => "Not needed",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public const string FollowUpThanks = "Thanks, noted. Over time your diary will show what helps you most.";

    public const string FollowUpMissed = "I'll close this check-in for now; the episode is saved in your diary. Message me any time.";

    public const string Expired = "We didn't finish that check-in, so I've closed it and kept what you told me. Send /headache whenever you need me.";

    public const string Stopped = "Okay, stopped. What you told me so far is saved. I'm here whenever you need me: /headache.";

    public const string NothingToStop = "There's nothing running right now. Send /headache whenever you need me.";

    public const string DidNotCatch = "Sorry, I didn't catch that. Please tap a button or type its number.";

    public const string DidNotCatchPain = "Please send a number from 0 to 10.";

    public const string DidNotCatchMulti = "Tap the ones that apply and then Done, or type their numbers separated by commas (for example 1, 3).";

    public const string PickAtLeastOne = "Please pick at least one, then Done.";

    public const string StaleButton = "That button belongs to an earlier question. Here's where we are:";

    /// <summary>The notice for a press on a button of an earlier question or episode (nothing else happens).</summary>
    public const string EarlierQuestionButton = "That button belongs to an earlier question. Please use the latest message.";

    public const string TypeSomeWords = "Please type a few words, or Skip.";

    public const string UnknownCommand = "I don't know that command.";

    /// <summary>Said in a private chat when a message could not be saved and will not come again: the person must resend it.</summary>
    /// <summary>Said once when a stored conversation could not be read after an update (the diary itself is untouched).</summary>
    public const string StateReset =
        "Sorry, after an update I couldn't pick up exactly where we left off, so we're starting this step afresh. Your diary is safe.";

    public const string NotTakenIn = "Sorry, something went wrong on my side and I couldn't take that in. Please send it again in a moment.";

    public const string SomethingWentWrong =
        "Sorry, something went wrong on my side. I've reset our chat so you're not stuck; your diary is safe. Send /headache to start again.";

    // Group channels (content.md §8: never ask or show anything about a person's health)
    public const string GroupWelcome =
        "Hi, I'm BreatheBot. In this channel I run shared breathing breaks: anyone can start one with /breathe. " +
        "Personal headache help and the diary happen in a private chat with me, so nothing about anyone's health is asked or shown here. " +
        "Admins can configure sessions and reminders.";

    public const string GroupHelp =
        "In this channel: /breathe starts a shared breathing break for everyone, /stop ends it. " +
        "For personal headache help use /headache: I'll move us to a private chat.";

    public const string MoveToPrivate = "To keep your health details private, let's continue in a private chat with me.";

    public const string MoveToPrivateButton = "Continue privately";

    public const string SharedBreathingStart =
        "Shared breathing break. Sit back, drop your shoulders and follow the pacer: in through the nose, slowly out through the mouth. " +
        "If you feel dizzy, stop and breathe normally.";

    public const string SharedBreathingDone = "That's the end of the breathing break. Thanks for taking a moment.";

    public const string SharedBreathingStopped = "Breathing break stopped.";

    public const string SharedBreathingRunning = "A breathing break is already running here: just follow the pacer.";

    public static string Describe(TimeSpan span)
    {
        if (span.TotalMinutes < 60)
        {
            var minutes = Math.Max(1, (int)Math.Round(span.TotalMinutes));
            return string.Create(CultureInfo.InvariantCulture, $"{minutes} minute{(minutes == 1 ? string.Empty : "s")}");
        }

        var hours = Math.Round(span.TotalHours, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{hours:0.#} hour{(hours == 1 ? string.Empty : "s")}");
    }

    // Labels for choices
    public static string Label(PainLocation value) => value switch
    {
        PainLocation.ForeheadTemples => "Forehead or temples",
        PainLocation.BackOfHeadNeck => "Back of the head and neck",
        PainLocation.OneSide => "One side",
        PainLocation.AllOverBand => "All over, like a band",
        PainLocation.BehindEyes => "Behind the eyes",
        PainLocation.JawFace => "Jaw or face",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Label(HeadacheCharacter value) => value switch
    {
        HeadacheCharacter.PressingTight => "Pressing or tight",
        HeadacheCharacter.ThrobbingPulsing => "Throbbing or pulsing",
        HeadacheCharacter.NotSure => "Not sure",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Label(HeadacheFeature value) => value switch
    {
        HeadacheFeature.WorseWithActivity => "Worse when I move about",
        HeadacheFeature.Nausea => "Nausea",
        HeadacheFeature.LightOrSoundSensitivity => "Light or sound bothers me",
        HeadacheFeature.Aura => "Aura (zigzags or spots before it)",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Label(HeadacheTrigger value) => value switch
    {
        HeadacheTrigger.StressDeskWork => "Stress or desk work",
        HeadacheTrigger.PostureScreenTime => "Posture or long screen time",
        HeadacheTrigger.PoorSleep => "Poor sleep",
        HeadacheTrigger.SkippedMeal => "Skipped a meal",
        HeadacheTrigger.NotEnoughWater => "Not enough water",
        HeadacheTrigger.Caffeine => "Caffeine (too much or missed)",
        HeadacheTrigger.Alcohol => "Alcohol",
        HeadacheTrigger.MenstrualCycle => "Menstrual cycle",
        HeadacheTrigger.WeatherChange => "Weather change",
        HeadacheTrigger.BrightLightOrNoise => "Bright light or noise",
        HeadacheTrigger.StrongSmells => "Strong smells",
        HeadacheTrigger.Other => "Something else",
        HeadacheTrigger.NotSure => "Not sure",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>The medication question's buttons, in content.md §7's order (v1's combined choice is no longer offered).</summary>
    public static readonly IReadOnlyList<MedicationKind> MedicationChoices =
    [
        MedicationKind.None, MedicationKind.SimplePainkiller, MedicationKind.Triptan, MedicationKind.Ergot,
        MedicationKind.CombinationPainkiller, MedicationKind.Opioid, MedicationKind.Other,
    ];

    public static string Label(MedicationKind value) => value switch
    {
        MedicationKind.None => "Nothing",
        MedicationKind.SimplePainkiller => "Simple painkiller (paracetamol, ibuprofen, aspirin or another NSAID)",
        MedicationKind.Triptan => "A triptan",
        MedicationKind.Ergot => "An ergot (such as ergotamine)",
        MedicationKind.CombinationPainkiller => "A combination painkiller (two or more medicines in one tablet)",
        MedicationKind.Opioid => "An opioid (such as codeine or tramadol)",
        MedicationKind.CombinationOrOpioid => "Combination or opioid painkiller",
        MedicationKind.Other => "Something else",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Label(MedicationTiming value) => value switch
    {
        MedicationTiming.UnderOneHour => "Less than an hour ago",
        MedicationTiming.OneToFourHours => "1 to 4 hours ago",
        MedicationTiming.MoreThanFourHours => "More than 4 hours ago",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Label(HelpedMost value) => value switch
    {
        HelpedMost.Breathing => "Breathing",
        HelpedMost.PressurePoints => "Pressure points",
        HelpedMost.Medication => "Medication",
        HelpedMost.Rest => "Rest",
        HelpedMost.NotSure => "Not sure",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
