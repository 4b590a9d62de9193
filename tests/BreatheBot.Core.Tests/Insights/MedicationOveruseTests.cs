using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Tests.Support;
using static BreatheBot.Core.Tests.Insights.DiaryFixtures;

namespace BreatheBot.Core.Tests.Insights;

/// <summary>content.md §7: medication days in the last 30 (ICHD-3 8.2), the classes, and the calm note.</summary>
public sealed class MedicationOveruseTests
{
    /// <summary>A diary with the given number of days (one episode a day, consecutive days) of each medicine.</summary>
    private static List<Episode> Diary(params (MedicationKind Kind, int Days)[] parts)
    {
        var diary = new List<Episode>();
        var day = 0;
        foreach (var (kind, days) in parts)
        {
            for (var i = 0; i < days; i++)
            {
                diary.Add(Episode(day++, before: 5, medication: kind));
            }
        }

        return diary;
    }

    public static TheoryData<string, (MedicationKind, int)[], int, bool> Cases => new()
    {
        // One class other than simple painkillers: 10 days.
        { "9 triptan", [(MedicationKind.Triptan, 9)], 9, false },
        { "10 triptan", [(MedicationKind.Triptan, 10)], 10, true },
        { "9 ergot", [(MedicationKind.Ergot, 9)], 9, false },
        { "10 ergot", [(MedicationKind.Ergot, 10)], 10, true },
        { "10 opioid", [(MedicationKind.Opioid, 10)], 10, true },
        { "10 combination", [(MedicationKind.CombinationPainkiller, 10)], 10, true },
        { "10 old combination-or-opioid", [(MedicationKind.CombinationOrOpioid, 10)], 10, true },
        // Simple painkillers alone: 15 days.
        { "14 simple", [(MedicationKind.SimplePainkiller, 14)], 14, false },
        { "15 simple", [(MedicationKind.SimplePainkiller, 15)], 15, true },
        // Two or more classes: 10 days in all (ICHD-3 8.2.7).
        { "6 triptan + 5 paracetamol", [(MedicationKind.Triptan, 6), (MedicationKind.SimplePainkiller, 5)], 11, true },
        { "6 triptan + 3 paracetamol", [(MedicationKind.Triptan, 6), (MedicationKind.SimplePainkiller, 3)], 9, false },
        { "6 triptan + 4 paracetamol", [(MedicationKind.Triptan, 6), (MedicationKind.SimplePainkiller, 4)], 10, true },
        { "5 ergot + 4 opioid", [(MedicationKind.Ergot, 5), (MedicationKind.Opioid, 4)], 9, false },
        { "5 ergot + 5 opioid", [(MedicationKind.Ergot, 5), (MedicationKind.Opioid, 5)], 10, true },
        // "Other" never counts, alone or mixed.
        { "20 other", [(MedicationKind.Other, 20)], 0, false },
        { "9 triptan + 6 other", [(MedicationKind.Triptan, 9), (MedicationKind.Other, 6)], 9, false },
        { "14 simple + 5 other", [(MedicationKind.SimplePainkiller, 14), (MedicationKind.Other, 5)], 14, false },
        { "none", [(MedicationKind.None, 20)], 0, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Medication_days_and_the_note_follow_the_classes(string name, (MedicationKind, int)[] parts, int days, bool note)
    {
        var counted = MedicationDays.Count(Diary(parts), Now, TimeZoneInfo.Utc);

        Assert.True(days == counted.AnyDays, name);
        Assert.True(note == counted.WorthTalkingToADoctor, name);
    }

    [Fact]
    public void Two_classes_on_the_same_day_count_that_day_once()
    {
        var diary = Diary((MedicationKind.Triptan, 9));
        diary.AddRange(Enumerable.Range(0, 9).Select(d => Episode(d, before: 5, medication: MedicationKind.SimplePainkiller, hour: -2)));

        var counted = MedicationDays.Count(diary, Now, TimeZoneInfo.Utc);

        Assert.Equal(new MedicationDays(AnyDays: 9, SimpleDays: 9, MostDaysOfOneOtherClass: 9, Classes: 2), counted);
        Assert.False(counted.WorthTalkingToADoctor);
    }

    [Fact]
    public void The_medication_question_offers_the_v2_classes_in_order_and_never_the_old_combined_one()
    {
        var chat = ReachMedication(new EngineDriver { Now = Now });
        var question = Assert.Single(chat.LastReplies);
        Assert.Equal("triage.medication", question.Key);
        Assert.Equal(
            ["Nothing", "Simple painkiller (paracetamol, ibuprofen, aspirin or another NSAID)", "A triptan", "An ergot (such as ergotamine)",
             "A combination painkiller (two or more medicines in one tablet)", "An opioid (such as codeine or tramadol)", "Something else"],
            EngineDriver.ChoicesOf(question).Select(c => c.Label));
        Assert.DoesNotContain(EngineDriver.ChoicesOf(question), c => c.Id == "med:" + (int)MedicationKind.CombinationOrOpioid);
    }

    [Fact]
    public void Mixed_classes_reaching_ten_days_give_the_note_in_the_conversation()
    {
        // 6 triptan days and 4 paracetamol days already; paracetamol today makes 11 medication days with two classes.
        var diary = Diary((MedicationKind.Triptan, 6), (MedicationKind.SimplePainkiller, 4)).Select(e => e with { StartedAt = e.StartedAt - TimeSpan.FromDays(1) }).ToList();
        var chat = ReachMedication(new EngineDriver { Now = Now });

        var replies = Run(chat, "med:" + (int)MedicationKind.SimplePainkiller, diary);

        Assert.Equal(["medication.overuse", "triage.medication-name"], replies.Select(r => r.Key));
        var note = EngineDriver.TextOf(replies[0]);
        Assert.Equal(
            "You've logged painkillers on 11 days in the last 30. Using them this often can itself make headaches more frequent. It's worth talking to your doctor about this.",
            note);
        Assert.DoesNotContain("stop", note, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mixed_classes_under_ten_days_say_nothing_extra()
    {
        var diary = Diary((MedicationKind.Triptan, 6), (MedicationKind.SimplePainkiller, 2)).Select(e => e with { StartedAt = e.StartedAt - TimeSpan.FromDays(1) }).ToList();
        var chat = ReachMedication(new EngineDriver { Now = Now });

        Assert.Equal(["triage.medication-name"], Run(chat, "med:" + (int)MedicationKind.SimplePainkiller, diary).Select(r => r.Key));
    }

    [Fact]
    public void Logging_other_after_nine_triptan_days_gives_no_note_as_other_is_not_a_painkiller()
    {
        var diary = Diary((MedicationKind.Triptan, 9)).Select(e => e with { StartedAt = e.StartedAt - TimeSpan.FromDays(1) }).ToList();
        var chat = ReachMedication(new EngineDriver { Now = Now });

        Assert.Equal(["triage.medication-name"], Run(chat, "med:" + (int)MedicationKind.Other, diary).Select(r => r.Key));
    }

    [Fact]
    public void Logging_an_ergot_on_the_tenth_ergot_day_gives_the_note()
    {
        var diary = Diary((MedicationKind.Ergot, 9)).Select(e => e with { StartedAt = e.StartedAt - TimeSpan.FromDays(1) }).ToList();
        var chat = ReachMedication(new EngineDriver { Now = Now });

        Assert.Equal(["medication.overuse", "triage.medication-name"], Run(chat, "med:" + (int)MedicationKind.Ergot, diary).Select(r => r.Key));
        Assert.Equal(MedicationKind.Ergot, ((FlowState)chat.State).Episode.Medication);
    }

    private static EngineDriver ReachMedication(EngineDriver chat)
    {
        foreach (var line in new[] { "/headache", "no", "no", "6", "2", "pressing", "done", "done" })
        {
            chat.Send(line);
        }

        return chat;
    }

    private static IReadOnlyList<Reply> Run(EngineDriver chat, string choiceId, IReadOnlyList<Episode> diary)
    {
        var inbound = new ChoiceSelected(chat.Key, chat.Chat, "100", chat.Now, null, choiceId) { PromptId = chat.State.PromptId };
        var result = chat.Engine.Handle(chat.State, inbound, chat.Profile, chat.Now, new TurnInputs { Diary = diary });
        chat.State = result.State;
        chat.Profile = result.ProfileToSave ?? chat.Profile;
        chat.Turns.Add(result.Replies);
        return result.Replies;
    }
}
