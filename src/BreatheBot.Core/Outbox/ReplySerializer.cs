using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Outbox;

/// <summary>
/// Replies as outbox payloads: JSON with a version (<c>"v"</c>) and a type (<c>"type"</c>: text, edit, move, file,
/// notice, erased). Readers accept unknown fields, so a later version may add some without raising <c>v</c>; a payload
/// with a higher <c>v</c>, an unknown type or missing fields is unreadable (<see cref="TryDeserialize"/> says so and
/// the outbox skips it). Files keep their bytes (base64): a chart or an export must arrive after a crash too, and the
/// entry is deleted as soon as it was sent, so the diary holds a file only while it is on its way.
/// </summary>
public static class ReplySerializer
{
    /// <summary>The payload version this build writes and the highest it reads.</summary>
    public const int Version = 1;

    public static string Serialize(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var json = new JsonObject { ["v"] = Version };
        switch (reply)
        {
            case TextReply text:
                json["type"] = "text";
                json["key"] = text.Key;
                json["text"] = text.Text;
                json["choices"] = Choices(text.Choices);
                json["slot"] = text.Slot;
                json["wordsOnly"] = text.WordsOnly;
                break;
            case EditReply edit:
                json["type"] = "edit";
                json["key"] = edit.Key;
                json["slot"] = edit.Slot;
                json["text"] = edit.Text;
                json["choices"] = Choices(edit.Choices);
                break;
            case MoveToPrivateReply move:
                json["type"] = "move";
                json["key"] = move.Key;
                json["text"] = move.Text;
                json["button"] = move.ButtonLabel;
                json["payload"] = move.StartPayload;
                break;
            case FileReply file:
                json["type"] = "file";
                json["key"] = file.Key;
                json["name"] = file.FileName;
                json["contentType"] = file.ContentType;
                json["content"] = Convert.ToBase64String(file.Content.Span);
                json["caption"] = file.Caption;
                break;
            case NoticeReply notice:
                json["type"] = "notice";
                json["key"] = notice.Key;
                json["text"] = notice.Text;
                break;
            case DataErasedReply erased:
                json["type"] = "erased";
                json["key"] = erased.Key;
                break;
            default:
                throw new ArgumentException($"Reply type {reply.GetType().Name} cannot go into the outbox (charts are rendered first).", nameof(reply));
        }

        return json.ToJsonString();
    }

    /// <summary>Reads a payload; false (with a short reason, never the content) when this version cannot.</summary>
    public static bool TryDeserialize(string payload, [NotNullWhen(true)] out Reply? reply, out string? problem)
    {
        reply = null;
        try
        {
            if (JsonNode.Parse(payload) is not JsonObject json)
            {
                problem = "not a JSON object";
                return false;
            }

            var version = (int?)json["v"] ?? 0;
            if (version is < 1 or > Version)
            {
                problem = $"payload version {version}";
                return false;
            }

            var type = (string?)json["type"];
            reply = type switch
            {
                "text" => new TextReply(Required(json, "key"), Required(json, "text"), ReadChoices(json["choices"]), (string?)json["slot"])
                {
                    WordsOnly = (bool?)json["wordsOnly"] ?? false,
                },
                "edit" => new EditReply(Required(json, "key"), Required(json, "slot"), Required(json, "text"), ReadChoices(json["choices"])),
                "move" => new MoveToPrivateReply(Required(json, "key"), Required(json, "text"), Required(json, "button"), Required(json, "payload")),
                "file" => new FileReply(Required(json, "key"), Required(json, "name"), Required(json, "contentType"),
                    Convert.FromBase64String(Required(json, "content")), (string?)json["caption"]),
                "notice" => new NoticeReply(Required(json, "key"), Required(json, "text")),
                "erased" => new DataErasedReply(Required(json, "key")),
                _ => null,
            };
            problem = reply is null ? $"unknown reply type '{type}'" : null;
            return reply is not null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            problem = exception.GetType().Name;
            return false;
        }
    }

    private static JsonArray Choices(IReadOnlyList<ReplyChoice> choices) =>
        [.. choices.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["label"] = c.Label, ["prompt"] = c.PromptId })];

    private static IReadOnlyList<ReplyChoice> ReadChoices(JsonNode? node) => node is JsonArray array
        ? [.. array.OfType<JsonObject>().Select(c => new ReplyChoice(Required(c, "id"), Required(c, "label")) { PromptId = (int?)c["prompt"] })]
        : [];

    private static string Required(JsonObject json, string name) =>
        (string?)json[name] ?? throw new KeyNotFoundException($"'{name}' is missing");
}
