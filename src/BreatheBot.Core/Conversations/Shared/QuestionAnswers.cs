using System.Globalization;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Messaging;

namespace BreatheBot.Core.Conversations;

/// <summary>Reading answers to the standard questions: choice values, multi-select ticks and toggles.</summary>
internal static class QuestionAnswers
{
    /// <summary>
    /// The question's buttons as replies, ticked where the step has them selected. With nothing selected (every
    /// question but a multi-select in progress) this is the question's own list, built once.
    /// </summary>
    internal static IReadOnlyList<ReplyChoice> RepliesFor(Question question, FlowState step)
    {
        if (SelectedCount(step) == 0)
        {
            return question.Replies;
        }

        var replies = new ReplyChoice[question.Choices.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            var choice = question.Choices[i];
            replies[i] = IsSelected(step, choice.Id) ? choice.ToReply(selected: true) : question.Replies[i];
        }

        return replies;
    }

    internal static int SelectedCount(FlowState step) => step switch
    {
        LocationState s => s.Selected.Count,
        FeaturesState s => s.Selected.Count,
        TriggersState s => s.Selected.Count,
        _ => 0,
    };

    /// <summary>Whether a multi-select step has the button "code:value" ticked.</summary>
    internal static bool IsSelected(FlowState step, string choiceId)
    {
        if (ParseValue(choiceId) is not { } value)
        {
            return false;
        }

        return step switch
        {
            LocationState s => Contains(s.Selected, (PainLocation)value),
            FeaturesState s => Contains(s.Selected, (HeadacheFeature)value),
            TriggersState s => Contains(s.Selected, (HeadacheTrigger)value),
            _ => false,
        };
    }

    internal static bool Contains<T>(IReadOnlyList<T> list, T value) where T : struct, Enum
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], value))
            {
                return true;
            }
        }

        return false;
    }

    internal static int? ParseValue(string choiceId)
    {
        var colon = choiceId.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && int.TryParse(choiceId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    internal static FlowState? Toggle(FlowState step, int? value)
    {
        if (value is null)
        {
            return null;
        }

        return step switch
        {
            LocationState s when Enum.IsDefined((PainLocation)value.Value) => s with { Selected = ToggleIn(s.Selected, (PainLocation)value.Value) },
            FeaturesState s when Enum.IsDefined((HeadacheFeature)value.Value) => s with { Selected = ToggleIn(s.Selected, (HeadacheFeature)value.Value) },
            TriggersState s when Enum.IsDefined((HeadacheTrigger)value.Value) => s with { Selected = ToggleIn(s.Selected, (HeadacheTrigger)value.Value) },
            _ => null,
        };
    }

    internal static FlowState WithSelection(FlowState step, IReadOnlyList<int> values) => step switch
    {
        LocationState s => s with { Selected = [.. values.Select(v => (PainLocation)v)] },
        FeaturesState s => s with { Selected = [.. values.Select(v => (HeadacheFeature)v)] },
        TriggersState s => s with { Selected = [.. values.Select(v => (HeadacheTrigger)v)] },
        _ => step,
    };

    internal static IReadOnlyList<T> ToggleIn<T>(IReadOnlyList<T> list, T value) where T : struct, Enum =>
        list.Contains(value) ? [.. list.Where(v => !EqualityComparer<T>.Default.Equals(v, value))] : [.. list, value];
}
