using System.Collections.Frozen;

namespace BreatheBot.Core.Safety;

/// <summary>
/// The phrases behind each meaning. A phrase is words separated by spaces; "a|b" is either word; "*" is any one word.
/// Phrases are matched on consecutive words of one clause (never across a comma or full stop). Context that a phrase
/// alone cannot express (a body part near a loss of control, "rash" in "a rash decision") is in <see cref="SignRules"/>.
/// </summary>
internal static class SignLexicon
{
    private const string Cant = "cant|cannot|couldnt|unable";

    public static readonly IReadOnlyList<(SignConcept Concept, string Phrase)> Phrases =
    [
        // E1
        (SignConcept.Thunderclap, "thunderclap"), (SignConcept.Thunderclap, "thunder clap"),
        (SignConcept.Thunderclap, "gunshot|gunshots|bomb|explosion|explosive|exploded|detonated"),
        (SignConcept.Thunderclap, "something burst|popped|snapped|exploded"), (SignConcept.Thunderclap, "felt * pop|snap"),
        (SignConcept.Thunderclap, "felt a * pop|snap"), (SignConcept.Thunderclap, "pop in|inside my|the head"),
        (SignConcept.Thunderclap, "like * hit|struck|kicked|punched|shot|smacked|whacked|clubbed"),
        (SignConcept.Thunderclap, "like * * hit|struck|kicked|punched|shot|smacked|whacked|clubbed"),
        (SignConcept.Thunderclap, "as if * hit|struck|kicked|punched|shot|smacked|whacked"),
        (SignConcept.Thunderclap, "hit me like"), (SignConcept.Thunderclap, "like a bat|hammer|sledgehammer"),
        (SignConcept.ExplodeSoon, "explode|exploding"), (SignConcept.ExplodeSoon, "going to burst|pop"), (SignConcept.ExplodeSoon, "gonna burst|pop"),
        (SignConcept.Instant, "in|within seconds|moments"), (SignConcept.Instant, "in|within a|one second|minute|moment|instant"), (SignConcept.Instant, "in|within a few minutes"),
        (SignConcept.Instant, "in|within a few seconds|moments"), (SignConcept.Instant, "instantly|immediately|instant"),
        (SignConcept.Instant, "from nothing|0|zero|fine to"), (SignConcept.Instant, "peaked|maxed"), (SignConcept.Instant, "the second|moment|instant|minute i"),
        (SignConcept.Sudden, "sudden|suddenly|abruptly|abrupt"), (SignConcept.Sudden, "out of nowhere"), (SignConcept.Sudden, "out of the blue"),
        (SignConcept.Sudden, "all at once"), (SignConcept.Sudden, "without warning"), (SignConcept.Sudden, "came on fast|quickly|instantly"),
        (SignConcept.Sudden, "like a light switch"),
        (SignConcept.Severe, "excruciating|agony|agonising|agonizing|unbearable|severe|intense|horrendous|horrific|unreal|crippling|screaming"),
        (SignConcept.Severe, "axe|hatchet|cleaver|sledgehammer|knife|stabbed|knifed|lightning|crack|bolt"), (SignConcept.Severe, "split open|apart|in two"), (SignConcept.Severe, "10 10"), (SignConcept.Severe, "10 out of 10"), (SignConcept.Severe, "ten out of ten"),
        (SignConcept.Exertion, "sex|orgasm|orgasmed|climax|climaxed|intercourse|lifting|weights|gym|exercise|exercising|workout|straining|strained|sprinting|deadlift|deadlifting|squats|squatting|exertion|pushing"),
        (SignConcept.Exertion, "on the toilet|loo"), (SignConcept.SexOnset, "sex|orgasm|orgasmed|climax|climaxed|intercourse|orgasming|climaxing"),
        (SignConcept.BrainBleed, "aneurysm|aneurism|haemorrhage|hemorrhage|subarachnoid|bleed"),
        (SignConcept.BrainBleed, "bleeding on|in * brain"), (SignConcept.BrainBleed, "blood vessel * burst"),
        (SignConcept.Dying, "im dying"), (SignConcept.Dying, "i am dying"), (SignConcept.Dying, "i m dying"), (SignConcept.Dying, "going to die"),
        (SignConcept.Dying, "gonna die"), (SignConcept.Dying, "about to die"),
        (SignConcept.NeverThisBad, "never"),

        // E2
        (SignConcept.BodyPart, "arm|arms|hand|hands|leg|legs|foot|feet|finger|fingers|thumb|toes|face|mouth|lip|lips|cheek|smile|tongue|eyelid|limb|limbs|grip|wrist|knee|knees"),
        (SignConcept.Deficit, "weak|weakness|weaker|weakened|numb|numbness|dead|heavy|floppy|limp|useless|paralysed|paralyzed|paralysis|droopy|drooping|droop|drooped|dropped|sagging|saggy|slack|lopsided|crooked|wonky|uneven|sliding|clumsy|fallen"),
        (SignConcept.Deficit, "no strength|feeling|power|control|sensation|grip"),
        (SignConcept.Deficit, Cant + " move|lift|raise|grip|hold|feel|use|control|open|close|squeeze|stand|walk|smile|swallow|whistle|frown|blink"),
        (SignConcept.Deficit, Cant + " to move|lift|raise|grip|hold|feel|use|control|squeeze|stand|walk"),
        (SignConcept.Deficit, "lost * feeling|strength|sensation|control|grip|power|use"), (SignConcept.Deficit, "lost feeling|strength|sensation|control|use"),
        (SignConcept.Deficit, "wont|doesnt|dont|didnt move|work|lift|grip|respond|obey"), (SignConcept.Deficit, "wont do what"),
        (SignConcept.Deficit, "not|isnt|arent|stopped working|moving|responding"), (SignConcept.Deficit, "gave|giving|gives|give way|out"),
        (SignConcept.Deficit, "keep|keeps|kept dropping"), (SignConcept.Deficit, "dropping things|stuff|everything"),
        (SignConcept.Deficit, "grip * gone"), (SignConcept.Deficit, "grip has gone|went"),
        (SignConcept.Tingling, "tingling|tingly|tingle|tingles|prickling"), (SignConcept.Tingling, "pins and needles"),
        (SignConcept.OneSide, "one|left|right|whole|same side"), (SignConcept.OneSide, "half my|of my face|body"), (SignConcept.OneSide, "down one side"),
        (SignConcept.Stroke, "stroke|strokes|ministroke|tia"), (SignConcept.Stroke, "transient ischaemic|ischemic"),
        (SignConcept.SpeechNoun, "speech|words|word|talking|speaking|sentences|talk"),
        (SignConcept.SpeechWrong, "weird|funny|strange|odd|wrong|slow"), (SignConcept.SpeechGarbled, "drunk|jumbled|muddled|garbled|scrambled|gibberish|nonsense|slurred|slurring|backwards|mushy"), (SignConcept.SpeechWrong, "arent|isnt|not what i mean|meant|want"), (SignConcept.SpeechWrong, "wont|dont|cant|doesnt come out"),
        (SignConcept.SpeechGarbled, "mixed up"), (SignConcept.SpeechGarbled, "mixing up"), (SignConcept.SpeechHeard, "say|says|saying|said|voice|voices|conversation|talk|talking|speech|words|word|speaking|sentences"), (SignConcept.SpeechWrong, "coming out wrong"),
        (SignConcept.SpeechTrouble, "slurred|slurring|slur|slurry|mumbling|aphasia"),
        (SignConcept.SpeechTrouble, Cant + " speak|talk"), (SignConcept.SpeechTrouble, Cant + " to speak|talk"),
        (SignConcept.SpeechTrouble, "get * words out"), (SignConcept.SpeechTrouble, "get my|the words out"), (SignConcept.SpeechTrouble, Cant + " get my|the words out"),
        (SignConcept.SpeechTrouble, Cant + " find * words|word"), (SignConcept.SpeechTrouble, Cant + " say * words"),
        (SignConcept.SpeechTrouble, "struggling|trouble|difficulty|hard|problems|problem to|with speaking|talking|speak|talk"),
        (SignConcept.SpeechTrouble, "trouble|difficulty speaking|talking"), (SignConcept.SpeechTrouble, "not making sense"),
        (SignConcept.SpeechTrouble, "making no sense"), (SignConcept.SpeechTrouble, "sound|sounds|sounding drunk"),
        (SignConcept.SpeechTrouble, "tongue * thick|swollen|heavy"), (SignConcept.SpeechTrouble, "tongue feels * thick"),
        (SignConcept.UnderstandVerb, Cant + " understand|read|follow"), (SignConcept.UnderstandVerb, Cant + " to understand|read|follow"),
        (SignConcept.UnderstandVerb, "makes|make no sense"), (SignConcept.UnderstandVerb, "doesnt|dont make sense"),
        (SignConcept.LanguageObject, "people|anyone|anybody|saying|said|words|text|texts|reading|writing|letters|speech|talking|messages|anything|book|page|conversation|conversations|tv|radio|sentences|signs"),
        (SignConcept.Confusion, "confused|confusion|disoriented|disorientated|delirious"),
        (SignConcept.Confusion, "dont|didnt know where i am|was"), (SignConcept.Confusion, "dont|didnt know where i|he|she is|was|am"),
        (SignConcept.Confusion, "dont|didnt know what day|year"), (SignConcept.Confusion, "dont|didnt recognise|recognize"),
        (SignConcept.Confusion, "doesnt|didnt know where|who"), (SignConcept.Confusion, "dont|didnt|cant know|remember how i got"),
        (SignConcept.Drowsy, "drowsy|sleepy|drowsiness"), (SignConcept.Drowsy, Cant + " stay awake"), (SignConcept.Drowsy, Cant + " to stay awake"),
        (SignConcept.Drowsy, "keep|keeps|kept falling asleep|nodding"), (SignConcept.Drowsy, "nodding off"), (SignConcept.Drowsy, "hard to wake"),
        (SignConcept.Drowsy, Cant + " keep * eyes open"), (SignConcept.Drowsy, Cant + " keep my eyes open"), (SignConcept.Drowsy, "barely keep * eyes open"),
        (SignConcept.Drowsy, "barely keep my eyes open"), (SignConcept.Drowsy, "wont wake up"), (SignConcept.Drowsy, "struggling to stay awake"),
        (SignConcept.ThinkStraight, Cant + " think straight|clearly|properly"),
        (SignConcept.VisionLoss, "lost * vision|sight"), (SignConcept.VisionLoss, "lost vision|sight"), (SignConcept.VisionLoss, "losing * vision|sight"),
        (SignConcept.VisionLoss, "loss of vision|sight"), (SignConcept.VisionLoss, "vision|sight * gone|went|disappeared|missing|blacked|black|dark"),
        (SignConcept.VisionLoss, "vision|sight gone|went|disappeared|blacked"), (SignConcept.VisionLoss, "gone|going|went|go blind"),
        (SignConcept.VisionLoss, "blind in"), (SignConcept.VisionLoss, Cant + " see properly|clearly|anything|out|straight|well|right"), (SignConcept.VisionLoss, Cant + " see a thing"), (SignConcept.VisionLoss, Cant + " see with|from|through my|one|the|this|that eye|side"), (SignConcept.VisionLoss, "suddenly blind"), (SignConcept.VisionLoss, "curtain over|across"),
        (SignConcept.DoubleVision, "double vision"), (SignConcept.DoubleVision, "seeing|see|saw double"), (SignConcept.DoubleVision, "two|2 of everything|everyone|things|you"), (SignConcept.DoubleVision, "seeing|see|saw 2|two"),
        (SignConcept.DoubleVision, "doubled"), (SignConcept.DoubleVision, "everything * double"), (SignConcept.DoubleVision, "seeing|see two of"),
        (SignConcept.DoubleVision, "everything double"),
        (SignConcept.Blurry, "blurry|blurred|blurring|blurriness"), (SignConcept.Blurry, "out of focus"), (SignConcept.Blurry, Cant + " focus"),
        (SignConcept.BlindSpot, "blind spot|spots"),

        // E3
        (SignConcept.Fever, "fever|fevers|feverish|febrile|shivers|shivering|chills|rigors|shivery"), (SignConcept.Fever, "burning up"),
        (SignConcept.Fever, "hot and cold"), (SignConcept.Fever, "high temp"),
        (SignConcept.StiffNeck, "stiff|stiffness * neck"), (SignConcept.StiffNeck, "stiff|stiffness neck"), (SignConcept.StiffNeck, "neck * stiff"),
        (SignConcept.StiffNeck, "neck * * stiff"), (SignConcept.StiffNeck, "neck * * * stiff"), (SignConcept.StiffNeck, "neck stiffness|stiff"),
        (SignConcept.StiffNeck, "stiffness in * neck"), (SignConcept.StiffNeck, Cant + " bend|move|turn|tilt * neck"),
        (SignConcept.StiffNeck, Cant + " touch * chin"), (SignConcept.StiffNeck, "chin to * chest"), (SignConcept.StiffNeck, "neck * wont bend"),
        (SignConcept.StiffNeck, "bend * neck"), (SignConcept.StiffNeck, "neck hurts|aches|pain|painful when|if i bend|move|turn|tilt|look|nod"),
        (SignConcept.Rash, "rash|rashes"), (SignConcept.Rash, "red spots|blotches|dots|marks"), (SignConcept.Rash, "spots|blotches on"),
        (SignConcept.NoFade, "doesnt|dont|wont|didnt|not fade|disappear|blanch|fading|go"), (SignConcept.NoFade, "glass test"),
        (SignConcept.NoFade, "still there when"), (SignConcept.NoFade, "under a|the glass"),
        (SignConcept.PurpleSpots, "purple|purplish|pinprick|bruise spots|rash|blotches|marks|dots"), (SignConcept.PurpleSpots, "non blanching"),
        (SignConcept.PurpleSpots, "dark red spots|rash|blotches|dots"), (SignConcept.PurpleSpots, "pin prick spots|rash|dots"),
        (SignConcept.Meningitis, "meningitis|meningococcal|septicaemia|septicemia|encephalitis"),
        (SignConcept.Worsening, "getting|got|gets|gotten|grown|growing|gone worse"), (SignConcept.Worsening, "worse and worse"),
        (SignConcept.Worsening, "worsening|worsened"), (SignConcept.Worsening, "getting stronger|heavier"), (SignConcept.Worsening, "keeps|keep getting"),
        (SignConcept.Worsening, "worse since"),

        // E4
        (SignConcept.HeadKnock, "head injury|trauma|wound|injuries"), (SignConcept.HeadKnock, "concussion|concussed|headbutt|headbutted"),
        (SignConcept.HeadKnock, "knock|blow|bang|bump|whack|smack|hit on|to|in * head"), (SignConcept.HeadKnock, "knock|blow|bang|bump|whack|smack|hit on|to|in the head"),
        (SignConcept.HeadKnock, "knock|blow|bang|bump|whack|smack on|to|in my head"),
        (SignConcept.HeadKnock, "hit|banged|bumped|knocked|whacked|smacked|bashed|cracked|thumped|clonked|bonked|injured|smashed|walloped|struck|bang|bump|knock|whack|smack|bash|crack|thump my|his|her|their|the|our head"),
        (SignConcept.HeadKnock, "hit|banged|bumped|knocked|whacked|smacked|bashed|cracked|thumped|clonked|bonked|smashed the back|side|top|front of my|his|her|the head"),
        (SignConcept.HeadKnock, "fell and hit|banged|bumped|knocked|whacked"), (SignConcept.HeadKnock, "fell over and hit|banged|bumped"),
        (SignConcept.HeadKnock, "fell|landed on my|his|her head"), (SignConcept.HeadKnock, "car crash|accident"), (SignConcept.HeadKnock, "fell off"),
        (SignConcept.HeadKnock, "hit by a|the ball|door|car"),
        (SignConcept.Vomit, "vomit|vomiting|vomited|puke|puking|puked|sick"), (SignConcept.Vomit, "throwing|threw|thrown|chucking|chucked up"),
        (SignConcept.BloodThinner, "warfarin|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|dabigatran|pradaxa|clopidogrel|heparin|anticoagulant|anticoagulants|anticoagulation"),
        (SignConcept.BloodThinner, "blood thinner|thinners|thinning"),

        // E5
        (SignConcept.Unconscious, "fainted|fainting|faints|unconscious|unconsciousness|conked|swooned"),
        (SignConcept.Unconscious, "passed|passing|pass|blacked|blacking|black out"), (SignConcept.Unconscious, "out cold"),
        (SignConcept.Unconscious, "knocked out|unconscious"), (SignConcept.Unconscious, "lost|losing consciousness"), (SignConcept.Unconscious, "keeled over"),
        (SignConcept.Unconscious, "collapsed|collapse|collapsing"), (SignConcept.Unconscious, "came|come round|to on * floor|ground"), (SignConcept.Unconscious, "came|come round|to on the floor|ground"), (SignConcept.Unconscious, "came|come round|to on the * floor"),
        (SignConcept.Unconscious, "woke|waking|woken up on the floor|ground"), (SignConcept.Unconscious, "woke on the floor|ground"), (SignConcept.Unconscious, "woke|waking|woken up on the * floor|ground"), (SignConcept.Unconscious, "found myself on the floor|ground"), (SignConcept.Unconscious, "found myself on the * floor|ground"),
        (SignConcept.Unconscious, "found * on the floor|ground"), (SignConcept.Unconscious, "hit the floor|deck|ground"), (SignConcept.Unconscious, "dropped to the floor|ground"),
        (SignConcept.NearFaint, "going to faint|pass|black"), (SignConcept.NearFaint, "gonna faint|pass|black"), (SignConcept.NearFaint, "about to faint|pass|black"),
        (SignConcept.NearFaint, "nearly|almost|might faint|fainted|pass|passed|black|blacked"), (SignConcept.NearFaint, "feel|felt like * might|could faint|pass"),
        (SignConcept.Seizure, "seizure|seizures|convulsion|convulsions|convulsing|convulsed|fitted"), (SignConcept.Seizure, "grand mal"),
        (SignConcept.Seizure, "had|having a fit|fits"), (SignConcept.Seizure, "had|having fits"), (SignConcept.Seizure, "have|has|been had|having a fit"),
        (SignConcept.Seizure, "epileptic fit|seizure|attack|episode"), (SignConcept.Seizure, "was|started|is|been|kept|keeps fitting"),
        (SignConcept.Seizure, "shaking|jerking|twitching|thrashing uncontrollably"), (SignConcept.Seizure, Cant + " stop shaking|jerking"),
        (SignConcept.Seizure, "whole body * shaking|jerking|twitching"), (SignConcept.Seizure, "whole body * * shaking|jerking|twitching"),
        (SignConcept.Epilepsy, "epilepsy|epileptic"),

        // E6
        (SignConcept.EyeWord, "eye|eyes|eyeball|eyeballs"),
        (SignConcept.EyeHurt, "hurts|hurting|hurt|painful|sore|aching|aches|ache|throbbing|throbs|agony|pain|stabbing"),
        (SignConcept.RedWord, "red|bloodshot"), (SignConcept.RedEye, "bloodshot"),
        (SignConcept.Haloes, "halo|halos|haloes"), (SignConcept.Haloes, "rings|circles around|round * lights|light"),
        (SignConcept.Haloes, "rings|circles around|round lights"), (SignConcept.Haloes, "rainbow rings|circles|halos"),

        // E7
        (SignConcept.CarbonMonoxide, "carbon monoxide"), (SignConcept.CarbonMonoxide, "monoxide"), (SignConcept.CarbonMonoxide, "co alarm|detector|monitor"),
        (SignConcept.CarbonMonoxide, "gas leak|alarm"), (SignConcept.CarbonMonoxide, "smell|smells|smelling * gas"), (SignConcept.CarbonMonoxide, "smell|smells|smelling gas"),
        (SignConcept.CarbonMonoxide, "boiler * leaking|leak|fumes|faulty|broken"), (SignConcept.CarbonMonoxide, "boiler * * leaking|leak|fumes|faulty"),
        (SignConcept.CarbonMonoxide, "boiler leaking|fumes"), (SignConcept.CarbonMonoxide, "exhaust fumes"), (SignConcept.CarbonMonoxide, "fumes from"),
        (SignConcept.Household, "everyone|everybody in the house|flat"), (SignConcept.Household, "everyone|everybody at home"), (SignConcept.Household, "everyone|everybody here"), (SignConcept.Household, "whole family|household"),
        (SignConcept.Household, "all of us"), (SignConcept.Household, "we all|both have"), (SignConcept.Household, "dog|cat|pets|budgie is|are|seems ill|unwell|sick|poorly|lethargic"),
        (SignConcept.BetterOutside, "away|better|fine|eases|clears|improves|lifts when|if|once * outside|out|outdoors"),
        (SignConcept.BetterOutside, "away|better|fine|eases|clears|improves|lifts when|if|once * * outside|out|outdoors"),
        (SignConcept.BetterOutside, "better|fine outside|outdoors"), (SignConcept.BetterOutside, "comes back indoors|inside"),
        (SignConcept.BetterOutside, "comes back when i come|go|get back|in|inside|home"),

        // A plain call for help
        (SignConcept.Ambulance, "ambulance|paramedic|paramedics"), (SignConcept.Ambulance, "call|calling|dial|ring|phone|called 999|911|112|000"),
    ];

    /// <summary>Phrases indexed by their first word ("*" never starts a phrase).</summary>
    internal static readonly FrozenDictionary<string, (SignConcept Concept, string[][] Slots)[]> ByFirstWord = Build();

    /// <summary>Every word a phrase uses: read as typed, never typo-corrected.</summary>
    public static readonly FrozenSet<string> Known = FrozenSet.ToFrozenSet(
        Phrases.SelectMany(p => p.Phrase.Split(' ')).SelectMany(s => s.Split('|')).Where(w => w != "*")
            .Concat(SignRules.ContextWords), StringComparer.Ordinal);

    private static FrozenDictionary<string, (SignConcept, string[][])[]> Build()
    {
        var index = new Dictionary<string, List<(SignConcept, string[][])>>(StringComparer.Ordinal);
        foreach (var (concept, phrase) in Phrases)
        {
            var slots = phrase.Split(' ').Select(s => s.Split('|')).ToArray();
            foreach (var first in slots[0])
            {
                if (!index.TryGetValue(first, out var list))
                {
                    index[first] = list = [];
                }

                list.Add((concept, slots));
            }
        }

        return index.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
