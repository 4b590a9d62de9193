using BreatheBot.Core.Episodes;

namespace BreatheBot.Core.Conversations;

/// <summary>The question /log is asking.</summary>
public enum LogStep
{
    When = 0,
    ConfirmWhen = 1,
    WhatTime = 2,
    Pain = 3,
    Location = 4,
    Triggers = 5,
    Medication = 6,
    Note = 7,

    /// <summary>How long it lasted (after the start is confirmed); numbered last so stored states keep their meaning.</summary>
    Duration = 8,
}

/// <summary>
/// /log: recording a headache that already happened. <see cref="Draft"/> is saved only at the end (marked
/// <see cref="Episode.LoggedAfterwards"/>); stopping before then keeps nothing. No screens or exercises run, but the
/// interrupts do: a warning sign typed at any step still gets the advice (content.md §2).
/// </summary>
public sealed record LogEntryState(LogStep Step, Episode Draft) : ConversationState
{
    /// <summary>The day named in an answer that had no time (<see cref="LogStep.WhatTime"/>).</summary>
    public DateOnly? Day { get; init; }

    /// <summary>A multi-select's ticks so far (enum values).</summary>
    public IReadOnlyList<int> Selected { get; init; } = [];

    public override string StepName => "log-" + Step.ToString().ToLowerInvariant();
}

/// <summary>What is being changed in one diary entry.</summary>
public enum EditItem
{
    Menu = 0,
    Start = 1,
    PainWhich = 2,
    PainValue = 3,
    Location = 4,
    Triggers = 5,
    Medication = 6,
    Note = 7,

    /// <summary>The end time (numbered last so stored states keep their meaning).</summary>
    End = 8,
}

/// <summary>
/// Editing one entry of the person's diary (from /history). The entry is read from the diary each turn and saved after
/// each change, so nothing stale is ever written back.
/// </summary>
public sealed record EditEntryState(string EpisodeId, EditItem Item) : ConversationState
{
    /// <summary>The pain score being changed (<see cref="EditItem.PainValue"/>).</summary>
    public PainMoment? Moment { get; init; }

    /// <summary>A multi-select's ticks so far (enum values).</summary>
    public IReadOnlyList<int> Selected { get; init; } = [];

    /// <summary>The day named in a start- or end-time answer that had no time.</summary>
    public DateOnly? Day { get; init; }

    public override string StepName => "edit-" + Item.ToString().ToLowerInvariant();
}

/// <summary>Delete one diary entry? (Delete / Keep.)</summary>
public sealed record ConfirmDeleteEntryState(string EpisodeId) : ConversationState
{
    public override string StepName => "confirm-delete-entry";
}
