using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Storage;

/// <summary>An account linked to a person ("platform:user" → "platform:user").</summary>
public sealed record LinkedIdentity(string Account, string Person);

/// <summary>
/// Everything a diary holds, read from one storage provider to be written into another (moving a LiteDB diary up to
/// PostgreSQL) and compared afterwards: <see cref="Counts"/> per collection and <see cref="Checksums"/> per person.
/// </summary>
public sealed record DiarySnapshot(
    IReadOnlyList<StoredConversation> Conversations,
    IReadOnlyList<Episode> Episodes,
    IReadOnlyList<UserProfile> Profiles,
    IReadOnlyList<LinkedIdentity> Identities,
    IReadOnlyList<LinkCode> LinkCodes)
{
    /// <summary>The daily check-in answers (<see cref="DayRecord"/>).</summary>
    public IReadOnlyList<DayRecord> Days { get; init; } = [];

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WritableOnly } },
    };

    /// <summary>Rows per collection: conversations, episodes, profiles, identities, link codes, check-in days.</summary>
    public IReadOnlyDictionary<string, int> Counts => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["conversations"] = Conversations.Count,
        ["episodes"] = Episodes.Count,
        ["profiles"] = Profiles.Count,
        ["identities"] = Identities.Count,
        ["linkCodes"] = LinkCodes.Count,
        ["days"] = Days.Count,
    };

    /// <summary>
    /// A SHA-256 per person ("platform:user"; a group channel counts as its own key) over everything stored of theirs:
    /// their conversations (state, times, delivery ids), episodes (every field), profile, linked accounts, link codes and
    /// check-in days,
    /// each in a canonical text form and sorted, so two providers holding the same diary give the same checksums.
    /// </summary>
    public IReadOnlyDictionary<string, string> Checksums()
    {
        var lines = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string person, string kind, string text)
        {
            if (!lines.TryGetValue(person, out var list))
            {
                lines[person] = list = [];
            }

            list.Add(kind + " " + text);
        }

        foreach (var c in Conversations)
        {
            Add(c.Key.IsChannel ? c.Key.ToString() : c.Key.UserKey, "conversation", string.Join('\u001f',
                c.Key.ToString(), c.Chat.ToString(), Instant(c.UpdatedAt), c.WakeAt is { } w ? Instant(w) : "-",
                ConversationStateSerializer.Serialize(c.State), string.Join('\u001e', c.RecentDeliveryIds)));
        }

        foreach (var e in Episodes)
        {
            Add(e.UserKey, "episode", JsonSerializer.Serialize(e, Canonical));
        }

        foreach (var p in Profiles)
        {
            Add(p.UserKey, "profile", JsonSerializer.Serialize(p, Canonical));
        }

        foreach (var i in Identities)
        {
            Add(i.Person, "identity", i.Account);
        }

        foreach (var l in LinkCodes)
        {
            Add(l.PersonKey, "linkCode", l.Code + " " + Instant(l.ExpiresAt));
        }

        foreach (var d in Days)
        {
            Add(d.UserKey, "day", d.Id + " " + d.Headache + " " + Instant(d.AnsweredAt));
        }

        return lines.ToDictionary(
            p => p.Key,
            p => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', p.Value.Order(StringComparer.Ordinal))))),
            StringComparer.Ordinal);
    }

    /// <summary>UTC ticks: the same instant reads the same from any provider, whatever offset it came back with.</summary>
    private static string Instant(DateTimeOffset value) => value.UtcTicks.ToString(CultureInfo.InvariantCulture);

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
