using System.Globalization;
using System.Text.RegularExpressions;

namespace BreatheBot.Core.Diary;

/// <summary>
/// The words of a "when did it start?" answer, before the clock is applied: a span ago, or a day and/or a time of day.
/// Every word must be understood (or be a filler like "at", "around"); otherwise the answer is not read at all.
/// </summary>
internal sealed partial record PastTimeWords
{
    /// <summary>A day: N days back, a weekday, or a date (year optional).</summary>
    internal sealed record DayWords
    {
        public int? DaysBack { get; init; }

        public DayOfWeek? Weekday { get; init; }

        /// <summary>"last monday": never today.</summary>
        public bool StrictlyBefore { get; init; }

        public int? Year { get; init; }

        public int? Month { get; init; }

        public int? DayOfMonth { get; init; }
    }

    /// <summary>A time of day; a part of the day ("this morning") also knows when that part starts.</summary>
    internal sealed record TimeWords(TimeOnly Value, bool PartOfDay, TimeOnly PartStart);

    public TimeSpan? Ago { get; private init; }

    public DayWords? Day { get; private init; }

    public TimeWords? Time { get; private init; }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly (string Word, DayOfWeek Day)[] Weekdays =
    [
        ("monday", DayOfWeek.Monday), ("mon", DayOfWeek.Monday),
        ("tuesday", DayOfWeek.Tuesday), ("tues", DayOfWeek.Tuesday), ("tue", DayOfWeek.Tuesday),
        ("wednesday", DayOfWeek.Wednesday), ("wed", DayOfWeek.Wednesday),
        ("thursday", DayOfWeek.Thursday), ("thurs", DayOfWeek.Thursday), ("thur", DayOfWeek.Thursday), ("thu", DayOfWeek.Thursday),
        ("friday", DayOfWeek.Friday), ("fri", DayOfWeek.Friday),
        ("saturday", DayOfWeek.Saturday), ("sat", DayOfWeek.Saturday),
        ("sunday", DayOfWeek.Sunday), ("sun", DayOfWeek.Sunday),
    ];

    /// <summary>Parts of the day: (word, when it starts, the time assumed).</summary>
    private static readonly (string Word, TimeOnly Start, TimeOnly Assumed)[] Parts =
    [
        ("morning", new(5, 0), new(8, 0)),
        ("lunchtime", new(12, 0), new(12, 30)),
        ("lunch", new(12, 0), new(12, 30)),
        ("afternoon", new(12, 0), new(14, 0)),
        ("evening", new(17, 0), new(19, 0)),
        ("night", new(20, 0), new(22, 0)),
        ("noon", new(12, 0), new(12, 0)),
        ("midday", new(12, 0), new(12, 0)),
        ("midnight", new(0, 0), new(0, 0)),
    ];

    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "at", "on", "around", "about", "approx", "approximately", "roughly", "circa", "ca", "ish", "in", "the", "of",
        "this", "earlier", "early", "late", "from", "it", "started", "start", "began", "-", "~", "o'clock", "oclock",
    };

    /// <summary>The words, or null when something in the text is not understood.</summary>
    public static PastTimeWords? Read(string text)
    {
        var s = Spaces().Replace(text.Trim().ToLowerInvariant().Replace(',', ' ').Replace('–', '-'), " ").Trim().TrimEnd('.', '?', '!');
        if (s.Length == 0)
        {
            return null;
        }

        if (s is "now" or "just now" or "right now")
        {
            return new PastTimeWords { Ago = TimeSpan.Zero };
        }

        if (s.EndsWith(" ago", StringComparison.Ordinal))
        {
            return DurationText.Parse(s[..^4]) is { } ago ? new PastTimeWords { Ago = ago } : null;
        }

        s = IsoT().Replace(s, "$1 $2");
        DayWords? day = null;
        TimeWords? time = null;
        var partOfDay = (Word: (string?)null, Start: default(TimeOnly), Assumed: default(TimeOnly));

        if (Take(ref s, IsoDate()) is { } iso)
        {
            day = new DayWords { Year = Int(iso, 1), Month = Int(iso, 2), DayOfMonth = Int(iso, 3) };
        }
        else if (Take(ref s, DayMonth()) is { } dm)
        {
            day = DateWords(dm.Groups["d"].Value, dm.Groups["mon"].Value, dm.Groups["y"]);
        }
        else if (Take(ref s, MonthDay()) is { } md)
        {
            day = DateWords(md.Groups["d"].Value, md.Groups["mon"].Value, md.Groups["y"]);
        }

        if (day is not null)
        {
            if (day.Month is not (>= 1 and <= 12) || day.DayOfMonth is not (>= 1 and <= 31) || day.Year is < 1900 or > 9000)
            {
                return null;
            }

            // "Wed 2 Dec": the weekday beside a date adds nothing.
            _ = Take(ref s, Weekday());
        }

        if (day is null && Take(ref s, DayBeforeYesterday()) is not null)
        {
            day = new DayWords { DaysBack = 2 };
        }

        if (day is null && Take(ref s, LastNight()) is not null)
        {
            day = new DayWords { DaysBack = 1 };
            partOfDay = ("night", new(20, 0), new(22, 0));
        }

        if (day is null && Take(ref s, Tonight()) is not null)
        {
            day = new DayWords { DaysBack = 0 };
            partOfDay = ("night", new(20, 0), new(22, 0));
        }

        if (day is null && Take(ref s, Yesterday()) is not null)
        {
            day = new DayWords { DaysBack = 1 };
        }

        if (day is null && Take(ref s, Today()) is not null)
        {
            day = new DayWords { DaysBack = 0 };
        }

        if (day is null && Take(ref s, Weekday()) is { } weekday)
        {
            day = new DayWords { Weekday = Weekdays.First(w => w.Word == weekday.Groups["w"].Value).Day, StrictlyBefore = weekday.Groups["last"].Success };
        }

        if (partOfDay.Word is null && Take(ref s, PartOfDay()) is { } part)
        {
            var found = Parts.First(p => p.Word == part.Groups["p"].Value);
            partOfDay = (found.Word, found.Start, found.Assumed);
            if (day is null && part.Groups["this"].Success)
            {
                day = new DayWords { DaysBack = 0 };
            }
        }

        var afterNoon = partOfDay.Word is "afternoon" or "evening" or "night";
        if (Take(ref s, ClockTime()) is { } clock)
        {
            time = clock.Groups[4].Success
                ? Clock(Int(clock, 4), Int(clock, 5), string.Empty, afterNoon)
                : Clock(Int(clock, 1), clock.Groups[2].Success ? Int(clock, 2) : 0, clock.Groups[3].Value, afterNoon);
            if (time is null)
            {
                return null;
            }
        }
        else if (Take(ref s, AtHour()) is { } atHour)
        {
            time = Clock(Int(atHour, 1), 0, string.Empty, afterNoon);
            if (time is null)
            {
                return null;
            }
        }
        else if ((day is not null || partOfDay.Word is not null) && Take(ref s, BareHour()) is { } bare)
        {
            time = Clock(Int(bare, 1), 0, string.Empty, afterNoon);
            if (time is null)
            {
                return null;
            }
        }
        else if (partOfDay.Word is not null)
        {
            time = new TimeWords(partOfDay.Assumed, PartOfDay: true, partOfDay.Start);
        }

        if (s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => !FillerWords.Contains(w)))
        {
            return null;
        }

        return day is null && time is null ? null : new PastTimeWords { Day = day, Time = time };
    }

    private static TimeWords? Clock(int hour, int minute, string meridiem, bool afterNoon)
    {
        if (minute is < 0 or > 59)
        {
            return null;
        }

        if (meridiem.Length > 0)
        {
            if (hour is < 1 or > 12)
            {
                return null;
            }

            var pm = meridiem[0] == 'p';
            hour = hour == 12 ? (pm ? 12 : 0) : (pm ? hour + 12 : hour);
        }
        else if (afterNoon && hour is >= 1 and < 12)
        {
            // "yesterday evening at 8": 20:00.
            hour += 12;
        }

        return hour is < 0 or > 23 ? null : new TimeWords(new TimeOnly(hour, minute), PartOfDay: false, default);
    }

    private static DayWords DateWords(string dayText, string monthText, Group year) => new()
    {
        DayOfMonth = int.Parse(dayText, CultureInfo.InvariantCulture),
        Month = Array.IndexOf(Months, monthText[..3]) + 1,
        Year = year.Success ? int.Parse(year.Value, CultureInfo.InvariantCulture) : null,
    };

    private static int Int(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <summary>Removes the first match from the text and returns it.</summary>
    private static Match? Take(ref string s, Regex regex)
    {
        var match = regex.Match(s);
        if (!match.Success)
        {
            return null;
        }

        s = Spaces().Replace(s.Remove(match.Index, match.Length).Insert(match.Index, " "), " ").Trim();
        return match;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(\d{4}-\d{1,2}-\d{1,2})t(\d)")]
    private static partial Regex IsoT();

    [GeneratedRegex(@"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")]
    private static partial Regex IsoDate();

    private const string MonthNames = @"(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?" + MonthNames + @"(?:\s+(?<y>\d{4}))?\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b" + MonthNames + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*[:.h]\d)(?!\s*(?:am|pm|a\.m|p\.m))(?:\s+(?<y>\d{4})\b)?")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?:the\s+)?day\s+before\s+yesterday\b")]
    private static partial Regex DayBeforeYesterday();

    [GeneratedRegex(@"\b(?:last|yesterday)\s+night\b|\blastnight\b")]
    private static partial Regex LastNight();

    [GeneratedRegex(@"\btonight\b|\bthis\s+night\b")]
    private static partial Regex Tonight();

    [GeneratedRegex(@"\b(?:yesterday|yday|yest)\b")]
    private static partial Regex Yesterday();

    [GeneratedRegex(@"\btoday\b")]
    private static partial Regex Today();

    [GeneratedRegex(@"\b(?:on\s+)?(?<last>last\s+)?(?<w>monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:(?<this>this)\s+|in\s+the\s+|at\s+)?(?<p>morning|lunchtime|lunch|afternoon|evening|night|noon|midday|midnight)\b")]
    private static partial Regex PartOfDay();

    /// <summary>"3pm", "3:30 pm", "15:00", "15.00", "15h30" (group 1 hour, 2 minutes, 3 am/pm).</summary>
    [GeneratedRegex(@"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?=\s|$)|\b(\d{1,2})[:.h](\d{2})\b")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b(?:at|around|about)\s+(\d{1,2})h?\b(?![:.]\d)")]
    private static partial Regex AtHour();

    /// <summary>A number alone once the day is taken ("yesterday 15", "monday 9h").</summary>
    [GeneratedRegex(@"\b(\d{1,2})h?\b(?![:.]\d)")]
    private static partial Regex BareHour();
}
