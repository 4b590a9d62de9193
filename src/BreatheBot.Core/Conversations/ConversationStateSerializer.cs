using System.Text.Json;
using System.Text.Json.Serialization;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// Conversation state as JSON for storage. The step records are polymorphic (a "$step" discriminator);
/// enums are written by name so a stored state survives reordering.
/// </summary>
public static class ConversationStateSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ConversationState state) => JsonSerializer.Serialize(state, Options);

    /// <exception cref="JsonException">The text is not a conversation state this version understands.</exception>
    public static ConversationState Deserialize(string json) =>
        JsonSerializer.Deserialize<ConversationState>(json, Options) ?? throw new JsonException("Empty conversation state.");
}
