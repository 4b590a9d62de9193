using System.Buffers;
using System.Text.Json;

namespace BreatheBot.DiscordAdapter.Gateway;

internal enum GatewayOpCode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>What a close code asks of the client (Discord's opcodes-and-status-codes table).</summary>
internal enum CloseAction
{
    Resume,
    NewSession,
    Fatal,
}

internal static class GatewayCloseCodes
{
    public static CloseAction Classify(int? code) => code switch
    {
        4004 or 4010 or 4011 or 4012 or 4013 or 4014 => CloseAction.Fatal,
        4003 or 4005 or 4007 or 4008 or 4009 => CloseAction.NewSession,
        _ => CloseAction.Resume, // 4000-4002, 1000/1001 from the server, 1006 / no close frame, anything unknown
    };

    public static string Describe(int? code) => code switch
    {
        null => "connection dropped without a close frame",
        4000 => "unknown error",
        4001 => "unknown opcode sent",
        4002 => "decode error",
        4003 => "not authenticated",
        4004 => "authentication failed: the bot token is invalid; set a valid Discord:BotToken",
        4005 => "already authenticated",
        4007 => "invalid resume sequence",
        4008 => "rate limited",
        4009 => "session timed out",
        4010 => "invalid shard: check Discord:ShardId and Discord:ShardCount",
        4011 => "sharding required: the bot is in too many guilds for one shard; set Discord:ShardCount",
        4012 => "invalid API version",
        4013 => "invalid intents: check Discord:Intents",
        4014 => "disallowed intents: a privileged intent in Discord:Intents is not enabled in the Developer Portal (Bot > Privileged Gateway Intents)",
        _ => "close code " + code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A dispatch (op 0) handed from the receive loop to the handlers.</summary>
internal sealed record GatewayDispatch(string Type, int? Sequence, JsonElement Data, DateTimeOffset ReceivedAt);

/// <summary>One received gateway payload: <c>{op, d, s, t}</c>. <see cref="Data"/> is detached from the buffer.</summary>
internal readonly record struct GatewayFrame(int Op, JsonElement Data, int? Sequence, string? Type)
{
    public static GatewayFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        var root = doc.RootElement;
        var op = root.GetProperty("op").GetInt32();
        int? s = root.TryGetProperty("s", out var sEl) && sEl.ValueKind == JsonValueKind.Number ? sEl.GetInt32() : null;
        string? t = root.TryGetProperty("t", out var tEl) && tEl.ValueKind == JsonValueKind.String ? tEl.GetString() : null;
        var d = root.TryGetProperty("d", out var dEl) ? dEl.Clone() : default;
        return new GatewayFrame(op, d, s, t);
    }
}

/// <summary>
/// Writes outgoing gateway frames with a Utf8JsonWriter so that <c>d: null</c> is written explicitly
/// (a serializer ignoring nulls would drop it from the heartbeat).
/// </summary>
internal static class GatewayFrameWriter
{
    public static byte[] Heartbeat(int? lastSequence) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpCode.Heartbeat);
        if (lastSequence is { } s)
        {
            w.WriteNumber("d", s);
        }
        else
        {
            w.WriteNull("d");
        }
    });

    public static byte[] Identify(string token, int intents, int shardId, int shardCount) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpCode.Identify);
        w.WriteStartObject("d");
        w.WriteString("token", token);
        w.WriteNumber("intents", intents);
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystemName());
        w.WriteString("browser", "breathebot");
        w.WriteString("device", "breathebot");
        w.WriteEndObject();
        w.WriteBoolean("compress", false);
        w.WriteNumber("large_threshold", 50);
        if (shardCount > 1 || shardId > 0)
        {
            w.WriteStartArray("shard");
            w.WriteNumberValue(shardId);
            w.WriteNumberValue(shardCount);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    });

    public static byte[] Resume(string token, string sessionId, int? sequence) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpCode.Resume);
        w.WriteStartObject("d");
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        if (sequence is { } s)
        {
            w.WriteNumber("seq", s);
        }
        else
        {
            w.WriteNull("seq");
        }

        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown";
}

internal static class Sharding
{
    /// <summary>Which shard receives a guild's events: <c>(guild_id &gt;&gt; 22) % shard_count</c>. DMs always go to shard 0.</summary>
    public static int ShardFor(ulong guildId, int shardCount) => (int)((guildId >> 22) % (ulong)shardCount);
}
