namespace BreatheBot.Core.Conversations;

// The diary's steps. Their JSON names ("$step") are declared on ConversationState and never change.

/// <summary>/forget asked: waiting for the person to confirm deleting everything.</summary>
public sealed record ConfirmForgetState : ConversationState
{
    public override string StepName => "confirm-forget";
}

/// <summary>Which personal setting is being changed.</summary>
public enum SettingItem
{
    Menu = 0,
    TimeZone = 1,
    BreathingPreset = 2,
    BreathingLength = 3,
    FollowUpDelay = 4,
    EmergencyNumbers = 5,
    BreathHolds = 6,
    CheckIn = 7,
}

/// <summary>/settings: the summary (Menu) or one item being changed.</summary>
public sealed record SettingsState(SettingItem Item) : ConversationState
{
    public override string StepName => "settings-" + Item.ToString().ToLowerInvariant();
}
