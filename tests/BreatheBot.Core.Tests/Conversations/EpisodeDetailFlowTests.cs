using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Tests.Support;

namespace BreatheBot.Core.Tests.Conversations;

/// <summary>
/// Issue 14 items 4 and 5 through the engine: the medicine's name (buttons per class, or typed) and dose in triage,
/// "Did the medicine help?" and several answers to "What helped?" at the follow-up.
/// </summary>
public sealed class EpisodeDetailFlowTests
{
    /// <summary>/headache up to the medication question: screens clear, pain 6, back of head, pressing, desk stress.</summary>
    internal static EngineDriver AtMedication(bool withDiary = false)
    {
        var chat = new EngineDriver { WithDiary = withDiary };
        foreach (var id in new[] { "e:none", "s:none", "pb:6", "loc:1", "loc:done", "ch:0", "ft:done", "tr:0", "tr:done" })
        {
            if (id == "e:none")
            {
                chat.Send("/headache");
            }

            chat.Press(id);
        }

        Assert.Equal("triage.medication", chat.LastKeys[^1]);
        return chat;
    }

    /// <summary>Answers whatever comes after triage (no breathing, no massage) until the follow-up is scheduled.</summary>
    internal static void ToWrapUp(EngineDriver chat)
    {
        for (var i = 0; i < 10 && chat.State is not FollowUpPendingState; i++)
        {
            chat.Press(chat.State switch
            {
                MedicationTimingState => "mt:0",
                BreathingPresetState => "bp:skip",
                OfferPointsState => "op:no",
                ContraindicationState => "ci:yes",
                PainState { Moment: PainMoment.AfterBreathing } => "pr:5",
                var other => throw new InvalidOperationException("Unexpected step " + other.StepName),
            });
        }

        Assert.IsType<FollowUpPendingState>(chat.State);
    }

    [Fact]
    public void After_a_simple_painkiller_the_common_names_are_buttons_then_the_dose_then_the_timing()
    {
        var chat = AtMedication();

        var name = Assert.Single(chat.Press("med:" + (int)MedicationKind.SimplePainkiller));
        Assert.Equal("triage.medication-name", name.Key);
        Assert.Equal(["Paracetamol", "Ibuprofen", "Aspirin", "Naproxen", "Diclofenac", "Skip"], EngineDriver.ChoicesOf(name).Select(c => c.Label));

        var dose = Assert.Single(chat.Press("mn:1"));
        Assert.Equal("triage.medication-dose", dose.Key);
        Assert.Equal(["Skip"], EngineDriver.ChoicesOf(dose).Select(c => c.Label));

        Assert.Equal(["triage.medication-timing"], chat.Send("  400   mg ").Select(r => r.Key));
        ToWrapUp(chat);

        var episode = chat.Episode!;
        Assert.Equal(MedicationKind.SimplePainkiller, episode.Medication);
        Assert.Equal("Ibuprofen", episode.MedicationName);
        Assert.Equal("400 mg", episode.MedicationDose);
        Assert.Equal(MedicationTiming.UnderOneHour, episode.MedicationTiming);
    }

    [Fact]
    public void A_triptan_offers_triptan_names_and_a_typed_name_is_kept_trimmed_and_cut_to_sixty_characters()
    {
        var chat = AtMedication();

        var name = Assert.Single(chat.Press("med:" + (int)MedicationKind.Triptan));
        Assert.Equal(["Sumatriptan", "Rizatriptan", "Zolmitriptan"], EngineDriver.ChoicesOf(name).Take(3).Select(c => c.Label));

        chat.Send("   Maxalt Melt " + new string('x', 100));
        Assert.Equal("triage.medication-dose", chat.LastKeys[^1]);
        chat.Press("md:skip");

        Assert.Equal(60, chat.Episode!.MedicationName!.Length);
        Assert.StartsWith("Maxalt Melt xx", chat.Episode.MedicationName, StringComparison.Ordinal);
        Assert.Null(chat.Episode.MedicationDose);
        Assert.Equal("triage.medication-timing", chat.LastKeys[^1]);
    }

    [Theory]
    [InlineData("sumatriptan", "Sumatriptan")]
    [InlineData("Excedrin", "Excedrin")]
    [InlineData("co-codamol 30/500", "co-codamol 30/500")]
    public void A_typed_name_matches_a_button_or_is_kept_as_typed_and_is_never_a_warning_sign(string typed, string kept)
    {
        var chat = AtMedication();
        chat.Press("med:" + (int)MedicationKind.Triptan);

        Assert.Equal(["triage.medication-dose"], chat.Send(typed).Select(r => r.Key));
        Assert.Equal(kept, chat.Episode!.MedicationName);
        Assert.Null(chat.Episode.RedFlagTier);
    }

    [Fact]
    public void Skip_at_the_name_goes_on_to_the_dose_and_something_else_offers_no_names()
    {
        var chat = AtMedication();

        var name = Assert.Single(chat.Press("med:" + (int)MedicationKind.Other));
        Assert.Equal(["Skip"], EngineDriver.ChoicesOf(name).Select(c => c.Label));
        Assert.Equal(["triage.medication-dose"], chat.Send("skip").Select(r => r.Key));
        Assert.Null(chat.Episode!.MedicationName);
    }

    [Fact]
    public void A_warning_sign_typed_at_the_name_step_still_interrupts_and_is_not_kept_as_a_name()
    {
        var chat = AtMedication();
        chat.Press("med:" + (int)MedicationKind.SimplePainkiller);

        var replies = chat.Send("this is the worst headache of my life");

        Assert.Contains(replies, r => r.Key == "triage.emergency.advice");
        Assert.Equal(RedFlagTier.Emergency, chat.Episode!.RedFlagTier);
        Assert.Null(chat.Episode.MedicationName);
    }

    [Fact]
    public void Nothing_taken_asks_no_name_dose_or_timing()
    {
        var chat = AtMedication();

        Assert.Equal(["breathing.preset"], chat.Press("med:0").Select(r => r.Key));
        Assert.DoesNotContain(chat.AllReplies, r => r.Key is "triage.medication-name" or "triage.medication-dose");
    }

    [Fact]
    public void The_overuse_note_still_counts_by_class_whatever_the_name()
    {
        var chat = AtMedication(withDiary: true);
        var start = chat.Now;
        for (var day = 1; day <= 9; day++)
        {
            var id = "old-" + day;
            chat.Episodes[id] = new Episode
            {
                Id = id, UserKey = "telegram:100", ConversationKey = chat.Key.ToString(), Kind = EpisodeKind.Headache,
                StartedAt = start - TimeSpan.FromDays(day), Status = EpisodeStatus.Completed, EmergencyScreenClear = true,
                Medication = MedicationKind.Triptan, MedicationName = day % 2 == 0 ? "Sumatriptan" : "something I typed",
            };
        }

        var replies = chat.Press("med:" + (int)MedicationKind.Triptan);

        Assert.Contains(replies, r => EngineDriver.TextOf(r).Contains("You've logged painkillers on 10 days in the last 30.", StringComparison.Ordinal));
        Assert.Equal("triage.medication-name", replies[^1].Key);
    }

    /// <summary>/headache with a simple painkiller (Ibuprofen), to the follow-up's pain question.</summary>
    private static EngineDriver FollowUpWithMedicine()
    {
        var chat = AtMedication();
        chat.Press("med:" + (int)MedicationKind.SimplePainkiller);
        chat.Press("mn:1");
        chat.Press("md:skip");
        ToWrapUp(chat);
        Assert.Equal(["pain.follow-up"], chat.Tick().Select(r => r.Key));
        return chat;
    }

    [Fact]
    public void At_the_follow_up_the_medicine_question_comes_then_several_answers_to_what_helped_with_ticks_and_done()
    {
        var chat = FollowUpWithMedicine();

        var medicine = Assert.Single(chat.Press("pf:3"));
        Assert.Equal("follow-up.medication-helped", medicine.Key);
        Assert.Contains("Ibuprofen", EngineDriver.TextOf(medicine), StringComparison.Ordinal);
        Assert.Equal(["Yes", "A little", "No"], EngineDriver.ChoicesOf(medicine).Select(c => c.Label));

        var helped = Assert.Single(chat.Press("mh:" + (int)MedicationHelped.ALittle));
        Assert.Equal("follow-up.what-helped", helped.Key);
        Assert.Contains("Done", EngineDriver.ChoicesOf(helped).Select(c => c.Label));

        var ticked = Assert.IsType<BreatheBot.Core.Messaging.EditReply>(Assert.Single(chat.Press("wh:" + (int)HelpedMost.Breathing)));
        Assert.StartsWith(BreatheBot.Core.Content.Wording.Selected, ticked.Choices[(int)HelpedMost.Breathing].Label, StringComparison.Ordinal);
        chat.Press("wh:" + (int)HelpedMost.Rest);
        chat.Press("wh:" + (int)HelpedMost.Medication);
        chat.Press("wh:" + (int)HelpedMost.Medication); // untick
        Assert.Contains(chat.Press("wh:done"), r => r.Key == "follow-up.thanks");

        var episode = chat.Episode!;
        Assert.Equal(MedicationHelped.ALittle, episode.MedicationHelped);
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], episode.WhatHelped);
        Assert.Equal(HelpedMost.Breathing, episode.HelpedMost);
        Assert.Equal(FollowUpStatus.Answered, episode.FollowUp);
        Assert.Equal(3, episode.PainAtFollowUp);
    }

    [Fact]
    public void What_helped_can_be_typed_as_a_comma_separated_list()
    {
        var chat = FollowUpWithMedicine();
        chat.Press("pf:3");
        chat.Send("yes");

        Assert.Contains(chat.Send("breathing, rest"), r => r.Key == "follow-up.thanks");

        Assert.Equal(MedicationHelped.Yes, chat.Episode!.MedicationHelped);
        Assert.Equal([HelpedMost.Breathing, HelpedMost.Rest], chat.Episode.WhatHelped);
    }

    [Fact]
    public void Done_with_nothing_ticked_asks_for_at_least_one()
    {
        var chat = FollowUpWithMedicine();
        chat.Press("pf:3");
        chat.Press("mh:0");

        Assert.Contains(chat.Press("wh:done"), r => r.Key == "reprompt");
        Assert.Equal("what-helped", chat.State.StepName);
    }

    [Fact]
    public void Without_medication_the_medicine_question_is_not_asked()
    {
        var chat = new EngineDriver();
        foreach (var line in new[] { "/breathe", "headache", "no", "no", "6", "skip breathing" })
        {
            chat.Send(line);
        }

        chat.Tick();
        Assert.Equal(["follow-up.what-helped"], chat.Press("pf:2").Select(r => r.Key));
    }
}
