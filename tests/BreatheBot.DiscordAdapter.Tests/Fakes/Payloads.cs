namespace BreatheBot.DiscordAdapter.Tests.Fakes;

/// <summary>Gateway dispatch bodies as Discord sends them.</summary>
internal static class Payloads
{
    public static string DmMessage(string id, string channelId, string userId, string content, bool bot = false, string? webhookId = null) =>
        $$"""{"id":"{{id}}","channel_id":"{{channelId}}","author":{"id":"{{userId}}","username":"someone","bot":{{(bot ? "true" : "false")}}},"content":"{{content}}","type":0{{(webhookId is null ? "" : $",\"webhook_id\":\"{webhookId}\"")}},"timestamp":"2026-11-29T07:00:00.000000+00:00"}""";

    public static string GuildMessage(string id, string channelId, string guildId, string userId, string content) =>
        $$"""{"id":"{{id}}","channel_id":"{{channelId}}","guild_id":"{{guildId}}","author":{"id":"{{userId}}","username":"someone"},"member":{"roles":[]},"content":"{{content}}","type":0}""";

    public static string Command(string id, string token, string name, string channelId, string userId, string? guildId = null, string permissions = "0", string? optionsJson = null)
    {
        var who = Who(userId, guildId, permissions);
        var options = optionsJson is null ? "" : ",\"options\":" + optionsJson;
        return $$"""{"id":"{{id}}","application_id":"100","type":2,"token":"{{token}}","channel_id":"{{channelId}}",{{who}},"data":{"id":"555","name":"{{name}}","type":1{{options}} },"context":{{(guildId is null ? 1 : 0)}},"locale":"en-GB"}""";
    }

    public static string Button(string id, string token, string customId, string channelId, string userId, string messageId, string? guildId = null, string permissions = "0")
    {
        var who = Who(userId, guildId, permissions);
        return $$"""{"id":"{{id}}","application_id":"100","type":3,"token":"{{token}}","channel_id":"{{channelId}}",{{who}},"message":{"id":"{{messageId}}","channel_id":"{{channelId}}","type":0},"data":{"custom_id":"{{customId}}","component_type":2} }""";
    }

    private static string Who(string userId, string? guildId, string permissions)
    {
        var user = $$"""{"id":"{{userId}}","username":"someone"}""";
        return guildId is null
            ? "\"user\":" + user
            : "\"guild_id\":\"" + guildId + "\",\"member\":{\"user\":" + user + ",\"roles\":[],\"permissions\":\"" + permissions + "\"}";
    }

    public static string GuildDelete(string guildId, bool unavailable = false) =>
        unavailable ? "{\"id\":\"" + guildId + "\",\"unavailable\":true}" : "{\"id\":\"" + guildId + "\"}";

    public static string GuildCreate(string guildId, string? systemChannelId, string everyonePermissions, bool includeBotMember = true) =>
        $$"""{"id":"{{guildId}}","name":"Test guild","owner_id":"999","system_channel_id":{{(systemChannelId is null ? "null" : "\"" + systemChannelId + "\"")}},"joined_at":"2026-11-29T07:00:00.000000+00:00","roles":[{"id":"{{guildId}}","permissions":"{{everyonePermissions}}"}],"channels":[{"id":"{{systemChannelId ?? "0"}}","type":0,"permission_overwrites":[]}],"members":[{{(includeBotMember ? $"{{\"user\":{{\"id\":\"{FakeDiscord.BotUserId}\",\"username\":\"BreatheBot\",\"bot\":true}},\"roles\":[]}}" : "")}}],"member_count":3}""";
}
