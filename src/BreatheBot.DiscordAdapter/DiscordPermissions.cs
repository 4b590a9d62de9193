using System.Globalization;
using System.Numerics;
using BreatheBot.DiscordAdapter.Model;

namespace BreatheBot.DiscordAdapter;

/// <summary>Permission bit sets (decimal strings that already exceed 2^52; parsed as BigInteger).</summary>
internal static class DiscordPermissions
{
    public static readonly BigInteger Administrator = BigInteger.One << 3;
    public static readonly BigInteger ManageGuild = BigInteger.One << 5;
    public static readonly BigInteger ViewChannel = BigInteger.One << 10;
    public static readonly BigInteger SendMessages = BigInteger.One << 11;

    public static BigInteger Parse(string? value) =>
        BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : BigInteger.Zero;

    public static bool Has(BigInteger bits, BigInteger flag) => (bits & flag) == flag;

    /// <summary>Interaction <c>member.permissions</c> (channel overwrites included) grants ADMINISTRATOR or MANAGE_GUILD.</summary>
    public static bool IsAdmin(string? memberPermissions)
    {
        var bits = Parse(memberPermissions);
        return Has(bits, Administrator) || Has(bits, ManageGuild);
    }

    /// <summary>
    /// Whether the bot may view and post in <paramref name="channelId"/>, from GUILD_CREATE's roles, members and overwrites.
    /// Null when the data to decide is missing (the send is then tried and a 403 is logged).
    /// </summary>
    public static bool? CanPost(GuildCreateData guild, string channelId, string selfId)
    {
        if (guild.OwnerId == selfId)
        {
            return true;
        }

        var member = guild.Members?.FirstOrDefault(m => m.User?.Id == selfId);
        var roles = guild.Roles?.ToDictionary(r => r.Id, r => Parse(r.Permissions));
        if (member is null || roles is null || !roles.TryGetValue(guild.Id, out var bits))
        {
            return null;
        }

        var memberRoles = member.Roles ?? [];
        foreach (var role in memberRoles)
        {
            if (roles.TryGetValue(role, out var rolePerms))
            {
                bits |= rolePerms;
            }
        }

        if (Has(bits, Administrator))
        {
            return true;
        }

        var overwrites = guild.Channels?.FirstOrDefault(c => c.Id == channelId)?.PermissionOverwrites ?? [];
        var everyone = overwrites.FirstOrDefault(o => o.Id == guild.Id);
        if (everyone is not null)
        {
            bits = (bits & ~Parse(everyone.Deny)) | Parse(everyone.Allow);
        }

        BigInteger allow = BigInteger.Zero, deny = BigInteger.Zero;
        foreach (var o in overwrites.Where(o => o.Type == 0 && memberRoles.Contains(o.Id)))
        {
            allow |= Parse(o.Allow);
            deny |= Parse(o.Deny);
        }

        bits = (bits & ~deny) | allow;
        var own = overwrites.FirstOrDefault(o => o.Type == 1 && o.Id == selfId);
        if (own is not null)
        {
            bits = (bits & ~Parse(own.Deny)) | Parse(own.Allow);
        }

        return Has(bits, ViewChannel) && Has(bits, SendMessages);
    }
}
