namespace BreatheBot.Core.Conversations;

/// <summary>A typed or pressed answer.</summary>
internal readonly record struct Input(string? Text, string? ChoiceId)
{
    public static Input Typed(string text) => new(text, null);

    public static Input Pressed(string choiceId) => new(null, choiceId);

    public bool IsText => Text is not null;
}
