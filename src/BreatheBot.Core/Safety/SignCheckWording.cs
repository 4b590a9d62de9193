namespace BreatheBot.Core.Safety;

/// <summary>What the clarifying question says around <see cref="HalfSigns.Question"/>.</summary>
public static class SignCheckWording
{
    public const string Yes = "Yes";
    public const string No = "No";
    public const string NotSure = "Not sure";
    public const string CarryOn = "Thanks for checking. Let's carry on where we were.";
    public const string PleaseAnswer = "Please tap Yes, No or Not sure, so I know whether you need help now.";
}
