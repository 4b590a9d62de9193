namespace BreatheBot.Core.Safety;

/// <summary>The one calm question each half sign asks (content.md §2: "asks one clarifying question with buttons").</summary>
public static class HalfSigns
{
    /// <summary>The emergency item a "yes" to the half sign's question points at.</summary>
    public static string CodeOf(HalfSign half) => half switch
    {
        HalfSign.StiffNeck or HalfSign.Fever or HalfSign.Rash => "E3",
        HalfSign.RedEyeOrHaloes => "E6",
        HalfSign.HeadKnock => "E4",
        HalfSign.SuddenOnset => "E1",
        HalfSign.NearFaint => "E5",
        _ => "E2",
    };

    public static string Question(HalfSign half) => half switch
    {
        HalfSign.StiffNeck => "You mentioned a stiff neck. Do you also have a fever, or a rash that doesn't fade when you press a glass against it?",
        HalfSign.Fever => "You mentioned a fever. Do you also have a stiff neck or a rash that doesn't fade when pressed, or is the headache getting worse?",
        HalfSign.Rash => "You mentioned a rash. Does it stay when you press a glass against it, or do you also have a fever or a stiff neck?",
        HalfSign.BlurredVision => "You mentioned your eyesight. Have you lost part of your vision, are you seeing double, or is one eye red and painful?",
        HalfSign.RedEyeOrHaloes => "You mentioned your eye. Is one eye red and painful, or are you seeing haloes or blurred vision with eye pain?",
        HalfSign.HeadKnock => "You mentioned a knock to the head. Since then, have you been sick, very drowsy or confused, has the headache kept getting worse, or do you take blood thinners?",
        HalfSign.SuddenOnset => "Did this headache reach its worst within a few minutes, or is it the worst headache you have ever had?",
        HalfSign.NearFaint => "Have you actually fainted, blacked out or had a fit with this headache, even for a moment?",
        HalfSign.NumbOrWeak => "Is any part of you numb, weak or hard to move, especially on one side (face, arm or leg)?",
        _ => "Are you unusually drowsy or confused: finding it hard to stay awake, to think clearly or to follow what's going on?",
    };
}
