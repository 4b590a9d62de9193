using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Storage.PostgreSql;

/// <summary>
/// The JSON bodies of episodes and profiles (columns <c>body</c>); conversation states use the core's
/// <see cref="BreatheBot.Core.Conversations.ConversationStateSerializer"/>, as in LiteDB. Property names are the
/// records' own in camelCase, enums by name (they survive reordering), instants in ISO 8601. Computed read-only
/// properties (an episode's screen summaries, a profile's TimeZoneInfo) are not written. A property added later reads as
/// its default (false / null) from older rows, as in LiteDB; a removed one is ignored. The columns beside the body
/// (user key, start time) are what queries use; <see cref="CurrentVersion"/> goes into column <c>v</c>.
/// </summary>
internal static class Documents
{
    /// <summary>The version rows are written with (column <c>v</c>); see LiteDB's Documents.CurrentVersion for the rules.</summary>
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WritableOnly } },
    };

    public static string FromEpisode(Episode episode) => JsonSerializer.Serialize(episode, Options);

    public static Episode ToEpisode(string json) =>
        JsonSerializer.Deserialize<Episode>(json, Options) ?? throw new JsonException("An empty episode row.");

    public static string FromProfile(UserProfile profile) => JsonSerializer.Serialize(profile, Options);

    public static UserProfile ToProfile(string json) =>
        JsonSerializer.Deserialize<UserProfile>(json, Options) ?? throw new JsonException("An empty profile row.");

    private static void WritableOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].Set is null)
            {
                type.Properties.RemoveAt(i);
            }
        }
    }
}
