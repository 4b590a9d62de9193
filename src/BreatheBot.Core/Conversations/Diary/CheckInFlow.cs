using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>
/// The daily check-in (opt-in in /settings): at the person's local time, "Any headache today?" with one-tap answers,
/// stored as a <see cref="DayRecord"/>. Its wake-up is the conversation's one wake-up while nothing else is running: an
/// idle (or unanswered check-in) state carries the next check-in time as its <see cref="ConversationState.WakeAt"/>
/// (see <see cref="Arm"/>), so it is stored, re-armed after a restart like any other wake-up, and never competes with a
/// flow's own wake-up. A check-in that falls while a flow is running is skipped that day (not sent later): the person is
/// talking to the bot right then, a breathing pacer or a question must not be interrupted, and a check-in arriving at an
/// unplanned later hour would be a surprise. The next one is the following day.
/// </summary>
internal sealed class CheckInFlow
{
    public static readonly IReadOnlyList<QuestionChoice> Answers =
    [
        new("ci:none", CheckInWording.None, "no", "nope", "no headache", "0"),
        new("ci:mild", CheckInWording.Mild),
        new("ci:moderate", CheckInWording.Moderate),
        new("ci:severe", CheckInWording.Severe),
    ];

    /// <summary>
    /// Gives a resting state (idle, or a check-in asked and unanswered) the next check-in as its wake-up; any other state
    /// keeps its own. Turning the check-in off (or /forget) leaves a resting state without a wake-up.
    /// </summary>
    public static TurnResult Arm(TurnResult result, UserProfile? profile, DateTimeOffset now)
    {
        if (result.State is not (IdleState or CheckInState) || result.ForgetUsers.Count > 0)
        {
            return result;
        }

        var due = CheckInSchedule.NextDue(profile, now);
        return result.State.WakeAt == due ? result : result with { State = result.State with { WakeAt = due } };
    }

    /// <summary>The resting state's wake-up: ask, or stay quiet when an episode was logged that local day.</summary>
    public static ConversationState OnTimer(Turn turn, TimerFired timer)
    {
        var profile = turn.Profile;
        if (profile?.CheckInTime is null)
        {
            return new IdleState();
        }

        var zone = profile.TimeZone;
        var day = CheckInSchedule.LocalDay(timer.DueAt, zone);
        if (day != CheckInSchedule.LocalDay(turn.Now, zone) || profile.LastCheckInDay >= day)
        {
            // Down past the end of that day, or already asked (a second account of the same person, a replayed wake-up).
            return new IdleState();
        }

        turn.SetProfile(profile with { LastCheckInDay = day });
        if (turn.Diary.Any(e => CheckInSchedule.LocalDay(e.StartedAt, zone) == day))
        {
            return new IdleState(); // an episode is logged for today: nothing to ask
        }

        turn.Say("checkin.ask", CheckInWording.Question, [.. Answers.Select(a => new ReplyChoice(a.Id, a.Label))]);
        return new CheckInState(day);
    }

    /// <summary>The button under a headache answer: /log for that day.</summary>
    public const string LogDetailsId = "ci:log";

    /// <summary>An answer to the check-in; null when the input is not one (it then goes on as from idle).</summary>
    public static ConversationState? Answer(Turn turn, CheckInState asked, Input input)
    {
        if (input.ChoiceId == LogDetailsId || (input.IsText && TypedAnswer.Normalise(input.Text!) is "log details" or "log it" or "log the details"))
        {
            return DiaryEntries.StartLogOn(turn, asked.Day);
        }

        var choice = input.IsText ? TypedAnswer.MatchOne(input.Text!, Answers) : Answers.FirstOrDefault(a => a.Id == input.ChoiceId);
        if (choice is null)
        {
            return null;
        }

        var headache = choice.Id switch
        {
            "ci:mild" => DayHeadache.Mild,
            "ci:moderate" => DayHeadache.Moderate,
            "ci:severe" => DayHeadache.Severe,
            _ => DayHeadache.None,
        };
        turn.SaveDay(new DayRecord(turn.PersonKey, asked.Day, headache, turn.Now));
        if (headache == DayHeadache.None)
        {
            turn.Say("checkin.saved", CheckInWording.ThanksFree);
        }
        else
        {
            turn.Say("checkin.saved", CheckInWording.ThanksHeadache(headache), [new(LogDetailsId, CheckInWording.LogDetails)]);
        }

        // Still the check-in (same question number): tapping another answer on the same message replaces this one.
        return asked;
    }

    /// <summary>The /stats lines from the check-in (nothing when the person has no check-in answers).</summary>
    public static void SayBaseline(Turn turn, StatsWindow window, TimeZoneInfo zone)
    {
        if (turn.Days.Count == 0)
        {
            return;
        }

        var text = CheckInWording.Baseline(CheckInBaseline.Compute(turn.Diary, turn.Days, window, turn.Now, zone));
        if (text.Length > 0)
        {
            turn.Say("stats.checkin", text);
        }
    }
}
