namespace BreatheBot.Core.Tests.Support;

/// <summary>Typed scripts that reach every step of the private flows, for "at every step" tests.</summary>
public static class StepScripts
{
    private static readonly string[] Triage = ["/headache", "no", "no", "6", "2", "pressing", "done", "1"];

    public static TheoryData<string, string[]> All => new()
    {
        { "screen-emergency", ["/headache"] },
        { "breathe-purpose", ["/breathe"] },
        { "holds-caution", ["/breathe", "to practise"] },
        { "screen-same-day", ["/headache", "no"] },
        { "same-day-advice", ["/headache", "no", "yes"] },
        { "pain-before", ["/headache", "no", "no"] },
        { "location", ["/headache", "no", "no", "6"] },
        { "character", ["/headache", "no", "no", "6", "2"] },
        { "features", ["/headache", "no", "no", "6", "2", "pressing"] },
        { "triggers", ["/headache", "no", "no", "6", "2", "pressing", "done"] },
        { "other-trigger", ["/headache", "no", "no", "6", "2", "pressing", "done", "12"] },
        { "medication", Triage },
        { "medication-name", [.. Triage, "2"] },
        { "medication-dose", [.. Triage, "2", "ibuprofen"] },
        { "medication-timing", [.. Triage, "2", "ibuprofen", "skip"] },
        { "breathing-preset", [.. Triage, "nothing"] },
        { "breathing-length", [.. Triage, "nothing", "resonance"] },
        { "breathing", [.. Triage, "nothing", "resonance", "3"] },
        { "pain-afterbreathing", [.. Triage, "nothing", "resonance", "3", "skip"] },
        { "contraindications", [.. Triage, "nothing", "resonance", "3", "skip", "4"] },
        { "muscle", [.. Triage, "nothing", "resonance", "3", "skip", "4", "none"] },
        { "muscle-hold", [.. Triage, "nothing", "resonance", "3", "skip", "4", "none", "start"] },
        { "over-65", ["/points", "no", "no", "5", "behind the eyes", "pressing", "done", "none"] },
        { "pain-aftertriggerpoints", ["/points", "no", "no", "5", "6", "pressing", "done", "none", "skip", "skip"] },
        { "offer-points", ["/headache", "no", "no", "7", "1", "throbbing", "done", "done", "nothing", "skip breathing"] },
        { "follow-up-pending", ["/breathe", "headache", "no", "no", "5", "skip breathing"] },
    };

    internal static EngineDriver Reach(string[] script)
    {
        var chat = new EngineDriver();
        foreach (var line in script)
        {
            chat.Now += TimeSpan.FromSeconds(1);
            chat.Send(line);
        }

        return chat;
    }
}
