using System.Diagnostics;
using System.Globalization;
using System.Text;
using BreatheBot.Core.Safety;
using Xunit.Abstractions;

namespace BreatheBot.Core.Tests.Safety;

/// <summary>
/// content.md §2 "Typed at any step": the detector is measured on its labelled corpus. Targets (issue 11): recall on
/// the emergency class ≥ 0.97 and false alarms (everyday messages classified emergency) ≤ 0.03. The confusion matrix
/// and every miss are printed.
/// </summary>
public sealed class WarningSignCorpusTests(ITestOutputHelper output)
{
    private static readonly SignOutcome[] Classes = [SignOutcome.Emergency, SignOutcome.Clarify, SignOutcome.Everyday];

    [Fact]
    public void Corpus_holds_at_least_300_messages_of_every_class_with_a_held_out_part()
    {
        var all = WarningSignCorpus.All;
        Assert.True(all.Count >= 300, $"{all.Count} messages");
        foreach (var label in Classes)
        {
            Assert.True(all.Count(m => m.Label == label) >= 50, $"{label}: {all.Count(m => m.Label == label)}");
        }

        Assert.True(all.Count(m => m.HeldOut) >= all.Count / 5, "the held-out part is at least a fifth of the corpus");
        Assert.Equal(all.Count, all.Select(m => m.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Emergency_recall_is_at_least_097_and_false_alarms_at_most_003()
    {
        var all = Measure(WarningSignCorpus.All, "all");
        Measure(WarningSignCorpus.All.Where(m => m.HeldOut).ToList(), "both held-out parts");
        foreach (var part in WarningSignCorpus.All.Select(m => m.Part).Distinct())
        {
            Measure(WarningSignCorpus.All.Where(m => m.Part == part).ToList(), "part " + part);
        }

        Assert.True(all.Recall >= 0.97, $"emergency recall {all.Recall:0.000}");
        Assert.True(all.FalseAlarms <= 0.03, $"false alarms {all.FalseAlarms:0.000}");
    }

    [Fact]
    public void Half_signs_are_asked_about_rather_than_ignored()
    {
        var clarify = WarningSignCorpus.All.Where(m => m.Label == SignOutcome.Clarify).ToList();
        var ignored = clarify.Count(m => WarningSignDetector.Classify(m.Text).Outcome == SignOutcome.Everyday);
        Assert.True(ignored <= clarify.Count / 10, $"{ignored} of {clarify.Count} half signs ignored");
    }

    [Fact]
    public void Emergencies_name_the_sign_they_show()
    {
        var emergencies = WarningSignCorpus.All.Where(m => m.Label == SignOutcome.Emergency && m.Codes.Count > 0).ToList();
        var named = emergencies.Count(m => WarningSignDetector.Classify(m.Text) is { Outcome: SignOutcome.Emergency } r && m.Codes.Any(r.Codes.Contains));
        output.WriteLine($"Emergency messages whose expected E-code was among those found: {named}/{emergencies.Count}");
        Assert.True(named >= emergencies.Count * 0.9, $"{named} of {emergencies.Count}");
    }

    [Fact]
    public void A_4000_character_message_is_read_quickly()
    {
        var text = new StringBuilder();
        var words = new[] { "my", "head", "hurts", "no", "fever", "stiff", "neck", "worst", "arm", "confused", "about", "settings,", "strooke", "seizur", "numbb", "rash", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
        for (var i = 0; text.Length < 4000; i++)
        {
            text.Append(words[i % words.Length]).Append(i % 7 == 0 ? ". " : " ");
        }

        WarningSignDetector.Classify(text.ToString());
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            WarningSignDetector.Classify(text.ToString());
        }

        watch.Stop();
        output.WriteLine($"4,000 characters: {watch.Elapsed.TotalMilliseconds / 20:0.00} ms per message");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{watch.Elapsed.TotalMilliseconds:0} ms for 20 messages");

        var oneWord = new string('x', 4000);
        Assert.Equal(SignOutcome.Everyday, WarningSignDetector.Classify(oneWord).Outcome);
    }

    private sealed record Figures(double Recall, double FalseAlarms);

    private Figures Measure(IReadOnlyList<CorpusMessage> messages, string name)
    {
        var matrix = new int[3, 3];
        var misses = new List<string>();
        foreach (var m in messages)
        {
            var got = WarningSignDetector.Classify(m.Text);
            matrix[Array.IndexOf(Classes, m.Label), Array.IndexOf(Classes, got.Outcome)]++;
            if (got.Outcome != m.Label)
            {
                misses.Add($"  line {m.Line}: expected {m.Label}, got {got.Outcome} [{string.Join(",", got.Codes)}]: {m.Text}");
            }
        }

        var emergencies = Row(matrix, 0);
        var everyday = Row(matrix, 2);
        var clarify = Row(matrix, 1);
        var recall = emergencies == 0 ? 1 : (double)matrix[0, 0] / emergencies;
        var falseAlarms = everyday == 0 ? 0 : (double)matrix[2, 0] / everyday;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"== {name}: {messages.Count} messages ({emergencies} emergency, {clarify} clarify, {everyday} everyday)");
        output.WriteLine("expected \\ got   emergency  clarify  everyday");
        for (var r = 0; r < 3; r++)
        {
            output.WriteLine(string.Create(c, $"{Classes[r],-15} {matrix[r, 0],9} {matrix[r, 1],8} {matrix[r, 2],9}"));
        }

        output.WriteLine(string.Create(c, $"emergency recall {recall:0.000} ({matrix[0, 0]}/{emergencies}); false alarms {falseAlarms:0.000} ({matrix[2, 0]}/{everyday}); "
            + $"everyday asked a question {(everyday == 0 ? 0 : (double)matrix[2, 1] / everyday):0.000} ({matrix[2, 1]}/{everyday}); "
            + $"half signs asked about {(clarify == 0 ? 0 : (double)matrix[1, 1] / clarify):0.000} ({matrix[1, 1]}/{clarify}), escalated {matrix[1, 0]}, ignored {matrix[1, 2]}"));
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        return new Figures(recall, falseAlarms);
    }

    private static int Row(int[,] matrix, int r) => matrix[r, 0] + matrix[r, 1] + matrix[r, 2];
}
