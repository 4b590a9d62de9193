using System.Diagnostics.CodeAnalysis;

namespace BreatheBot.Core.Episodes;

/// <summary>
/// Reads a time zone as people type it: an IANA id in any case ("Europe/paris"), or its city, in any case and with
/// spaces for '_' ("berlin", "new york"). Ambiguous or unknown text finds nothing, so the caller's usual reply is given.
/// </summary>
public static class TimeZoneNames
{
    /// <summary>Longer text is not looked up.</summary>
    public const int MaxLength = 64;

    /// <summary>The words that name the setting in "/settings timezone berlin" (any case).</summary>
    private static readonly string[] SettingWords = ["timezone", "time zone", "time-zone", "tz", "zone"];

    /// <summary>
    /// "/settings timezone berlin" → "berlin"; "/settings TimeZone" → "" (asks); any other argument, or none → null.
    /// </summary>
    public static string? SettingsArgument(string? argument)
    {
        var text = argument?.Trim() ?? string.Empty;
        foreach (var word in SettingWords)
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || char.IsWhiteSpace(text[word.Length]) || text[word.Length] is '=' or ':'))
            {
                return text[word.Length..].TrimStart('=', ':', ' ', '\t').Trim();
            }
        }

        return null;
    }

    public static bool TryResolve(string? text, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        var typed = string.Join('_', (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (typed.Length is 0 or > MaxLength)
        {
            return false;
        }

        // The exact id first (also a Windows id on Windows); then the machine's zones by whole id, then by city.
        if (TimeZoneInfo.TryFindSystemTimeZoneById(typed, out zone))
        {
            return true;
        }

        var zones = TimeZoneInfo.GetSystemTimeZones();
        zone = Single(zones.Where(z => string.Equals(z.Id, typed, StringComparison.OrdinalIgnoreCase)))
            ?? (typed.Contains('/', StringComparison.Ordinal)
                ? null
                : Single(zones.Where(z => string.Equals(City(z.Id), typed, StringComparison.OrdinalIgnoreCase))));
        return zone is not null;

        static string City(string id) => id[(id.LastIndexOf('/') + 1)..];

        static TimeZoneInfo? Single(IEnumerable<TimeZoneInfo> matches)
        {
            var found = matches.Take(2).ToList();
            return found.Count == 1 ? found[0] : null;
        }
    }
}
