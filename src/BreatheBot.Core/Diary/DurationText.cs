using System.Globalization;
using System.Text.RegularExpressions;

namespace BreatheBot.Core.Diary;

/// <summary>
/// Reads a typed length of time: "3h", "90 min", "1h30", "1.5 hours", "2 hours 30 minutes", "an hour and a half",
/// "half an hour", "2 days", "1:30", "2 hours 30" (a bare number after the hours is minutes). A bare number alone is
/// not read (hours or minutes?). Pure.
/// </summary>
public static partial class DurationText
{
    /// <summary>The typed length, or null when it is not one (or is zero).</summary>
    public static TimeSpan? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = Normalise(text);
        if (s.Length == 0)
        {
            return null;
        }

        if (ClockLength().Match(s) is { Success: true } clock)
        {
            var minutes = int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture);
            return minutes < 60 ? Positive(TimeSpan.FromHours(int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromMinutes(minutes)) : null;
        }

        var total = TimeSpan.Zero;
        var position = 0;
        var any = false;
        var lastUnit = ' ';
        while (position < s.Length)
        {
            var part = Part().Match(s, position);
            if (!part.Success || part.Index != position)
            {
                // "2 hours 30": a bare number closing an answer whose last part was hours is minutes.
                return lastUnit == 'h' && TrailingMinutes().Match(s, position) is { Success: true } trailing && trailing.Index == position
                    && int.Parse(trailing.Groups[1].Value, CultureInfo.InvariantCulture) is var extra && extra < 60
                    ? Positive(total + TimeSpan.FromMinutes(extra))
                    : null;
            }

            var number = double.Parse(part.Groups["n"].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture);
            var unit = part.Groups["u"].Value;
            total += unit[0] switch
            {
                'w' => TimeSpan.FromDays(7 * number),
                'd' => TimeSpan.FromDays(number),
                'h' => TimeSpan.FromHours(number),
                _ => TimeSpan.FromMinutes(number),
            };
            if (part.Groups["m"].Success)
            {
                // "1h30": the number after the hours is minutes.
                total += TimeSpan.FromMinutes(int.Parse(part.Groups["m"].Value, CultureInfo.InvariantCulture));
            }

            any = true;
            lastUnit = part.Groups["m"].Success ? 'm' : unit[0];
            position = part.Index + part.Length;
        }

        return any ? Positive(total) : null;
    }

    private static TimeSpan? Positive(TimeSpan value) => value > TimeSpan.Zero ? TimeSpan.FromMinutes(Math.Round(value.TotalMinutes)) : null;

    private static string Normalise(string text)
    {
        var s = Spaces().Replace(text.Trim().ToLowerInvariant(), " ");
        s = s.Replace("half an hour", "30 min", StringComparison.Ordinal)
            .Replace("half a day", "12 h", StringComparison.Ordinal)
            .Replace("a couple of", "2", StringComparison.Ordinal)
            .Replace("about ", string.Empty, StringComparison.Ordinal)
            .Replace("around ", string.Empty, StringComparison.Ordinal)
            .Replace("roughly ", string.Empty, StringComparison.Ordinal)
            .Replace("~", string.Empty, StringComparison.Ordinal);
        s = DecimalComma().Replace(s, "$1.$2");
        s = AnOne().Replace(s, "1 ");
        s = AndAHalf().Replace(s, m => m.Groups[1].Value + ".5 " + m.Groups[2].Value);
        s = Fillers().Replace(s, " ");
        return Spaces().Replace(s, " ").Trim();
    }

    [GeneratedRegex(@"(\d),(\d)")]
    private static partial Regex DecimalComma();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:an|a|one)\s(?!half)")]
    private static partial Regex AnOne();

    [GeneratedRegex(@"(\d+)\s*(hours?|hrs?|h|days?|d)\s+and\s+a\s+half\b")]
    private static partial Regex AndAHalf();

    [GeneratedRegex(@"\s*(?:,|\band\b|\bor so\b|\bish\b)\s*")]
    private static partial Regex Fillers();

    [GeneratedRegex(@"\s*(\d{1,2})\s*$")]
    private static partial Regex TrailingMinutes();

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})$")]
    private static partial Regex ClockLength();

    [GeneratedRegex(@"\s*(?<n>\d+(?:[.,]\d+)?)\s*(?<u>weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)(?:(?<=h)(?<m>\d{1,2})\b)?\s*")]
    private static partial Regex Part();
}
