namespace BreatheBot.Core.Messaging;

/// <summary>
/// What adapters may leave unsent when a person writes faster than replies can go out (issue 12 item 6): the replies of
/// older turns still waiting in a chat's queue are coalesced into the newest turn's answer. Turns themselves always
/// run and are stored; only replies that nobody has seen yet are left out.
/// </summary>
public static class FloodControl
{
    /// <summary>
    /// A reply that is never left out unless a newer turn says the same thing again (keyed by <see cref="Reply.Key"/>):
    /// safety advice, the first-use disclaimer and "I couldn't take that in".
    /// </summary>
    public static bool MustDeliver(string replyKey)
    {
        ArgumentNullException.ThrowIfNull(replyKey);
        return replyKey.EndsWith(".advice", StringComparison.Ordinal)
            || replyKey.Contains("emergency", StringComparison.Ordinal) && !replyKey.Equals("triage.emergency", StringComparison.Ordinal)
            || replyKey is "breathing.dizzy" or "follow-up.worse" or "medication.overuse" or "disclaimer" or "error";
    }
}
