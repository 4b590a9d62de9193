using System.Text;
using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Content;

/// <summary>
/// The medicine names offered as buttons after the medication class (content.md §7), and how a typed name or dose is
/// kept. Only for the diary: BreatheBot never suggests or doses a medicine, and the class (not the name) is what the
/// medication-overuse count uses.
/// </summary>
public static class MedicineNames
{
    /// <summary>A typed name is cut to this many characters.</summary>
    public const int MaxLength = 60;

    /// <summary>A typed dose is cut to this many characters.</summary>
    public const int MaxDoseLength = 40;

    private static readonly IReadOnlyDictionary<MedicationKind, IReadOnlyList<string>> ByClass = new Dictionary<MedicationKind, IReadOnlyList<string>>
    {
        [MedicationKind.SimplePainkiller] = ["Paracetamol", "Ibuprofen", "Aspirin", "Naproxen", "Diclofenac"],
        [MedicationKind.Triptan] = ["Sumatriptan", "Rizatriptan", "Zolmitriptan", "Naratriptan", "Eletriptan", "Almotriptan", "Frovatriptan"],
        [MedicationKind.Ergot] = ["Ergotamine", "Dihydroergotamine"],
        [MedicationKind.CombinationPainkiller] = ["Aspirin + paracetamol + caffeine", "Paracetamol + caffeine", "Ibuprofen + paracetamol"],
        [MedicationKind.Opioid] = ["Codeine", "Tramadol", "Dihydrocodeine"],
    };

    /// <summary>The common names offered for a class (none for "something else": the person types it).</summary>
    public static IReadOnlyList<string> For(MedicationKind kind) => ByClass.TryGetValue(kind, out var names) ? names : [];

    /// <summary>Every name offered for any class.</summary>
    public static IEnumerable<string> All => ByClass.Values.SelectMany(n => n);

    /// <summary>A typed name as kept: control characters dropped, spaces collapsed, trimmed, at most <see cref="MaxLength"/>; null when nothing is left.</summary>
    public static string? CleanName(string? text) => Clean(text, MaxLength);

    /// <summary>A typed dose as kept, like <see cref="CleanName"/> with at most <see cref="MaxDoseLength"/> characters.</summary>
    public static string? CleanDose(string? text) => Clean(text, MaxDoseLength);

    private static string? Clean(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
            if (builder.Length >= max)
            {
                break;
            }
        }

        var cleaned = builder.ToString().TrimEnd();
        if (cleaned.Length > 0 && char.IsHighSurrogate(cleaned[^1]))
        {
            cleaned = cleaned[..^1];
        }

        return cleaned.Length == 0 ? null : cleaned;
    }
}
