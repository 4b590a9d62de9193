using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Safety;

namespace BreatheBot.Core.Tests.Triage;

/// <summary>The medicine names offered per class, and how a typed name or dose is kept (trimmed, length-limited).</summary>
public sealed class MedicineNamesTests
{
    [Fact]
    public void Each_counted_class_offers_its_common_names_and_something_else_offers_none()
    {
        Assert.Equal(["Paracetamol", "Ibuprofen", "Aspirin"], MedicineNames.For(MedicationKind.SimplePainkiller).Take(3));
        Assert.Equal(["Sumatriptan", "Rizatriptan", "Zolmitriptan"], MedicineNames.For(MedicationKind.Triptan).Take(3));
        Assert.Contains("Ergotamine", MedicineNames.For(MedicationKind.Ergot));
        Assert.Contains("Codeine", MedicineNames.For(MedicationKind.Opioid));
        Assert.NotEmpty(MedicineNames.For(MedicationKind.CombinationPainkiller));
        Assert.Empty(MedicineNames.For(MedicationKind.Other));
        Assert.Empty(MedicineNames.For(MedicationKind.None));
    }

    [Theory]
    [InlineData("  Nurofen  ", "Nurofen")]
    [InlineData("co-codamol\t30/500", "co-codamol 30/500")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void A_typed_name_is_trimmed_with_spaces_collapsed(string? typed, string? kept) => Assert.Equal(kept, MedicineNames.CleanName(typed));

    [Fact]
    public void A_long_name_or_dose_is_cut_to_its_limit()
    {
        Assert.Equal(MedicineNames.MaxLength, MedicineNames.CleanName(new string('a', 500))!.Length);
        Assert.Equal(MedicineNames.MaxDoseLength, MedicineNames.CleanDose(new string('5', 500))!.Length);
        // never half an emoji
        var emoji = new string('a', MedicineNames.MaxLength - 1) + "💊";
        Assert.Equal(new string('a', MedicineNames.MaxLength - 1), MedicineNames.CleanName(emoji));
    }

    /// <summary>A medicine's name is never read as a warning sign (the interrupts still run on it, and must stay quiet).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in MedicineNames.All.Concat(["Excedrin", "Migraleve", "co-codamol 30/500", "Nurofen Plus", "ibuprofen 400mg", "2 tablets", "Anadin Extra", "Solpadeine"]))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void No_medicine_name_or_dose_is_a_warning_sign(string name) => Assert.Equal(SignOutcome.Everyday, WarningSignDetector.Classify(name).Outcome);
}
