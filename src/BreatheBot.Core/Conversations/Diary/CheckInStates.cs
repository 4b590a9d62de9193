namespace BreatheBot.Core.Conversations;

/// <summary>
/// The daily check-in was asked for <see cref="Day"/> (the person's local day) and not answered yet. Nothing is blocked:
/// any other message or command goes on as from idle. Its wake-up is the next day's check-in.
/// </summary>
public sealed record CheckInState(DateOnly Day) : ConversationState
{
    public override string StepName => "check-in";
}
