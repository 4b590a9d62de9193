using BreatheBot.Core.Conversations;

namespace BreatheBot.Core.Safety;

/// <summary>
/// A typed message held half a warning sign: one question is waiting for Yes / No / Not sure. <see cref="Resume"/> is
/// exactly where the person was (its timers paused since <see cref="AskedAt"/>); "No" goes back there.
/// </summary>
public sealed record SignCheckState(HalfSign Half, ConversationState Resume, DateTimeOffset AskedAt) : ConversationState
{
    public override string StepName => "sign-check";
}
