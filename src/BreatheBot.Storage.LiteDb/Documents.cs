using System.Text.Json;
using BreatheBot.Core.Conversations;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Outbox;
using BreatheBot.Core.Storage;
using LiteDB;

namespace BreatheBot.Storage.LiteDb;

/// <summary>
/// Explicit BSON mapping of what we store. Field names are stable (they are the export and query contract);
/// enums are stored by name; instants as UTC dates (LiteDB keeps milliseconds).
/// </summary>
internal static class Documents
{
    /// <summary>
    /// The version every document is written with (field <c>v</c>). Documents without it were written before versions
    /// existed (version 0, the format of commit 1369389) and read the same way. A document from a newer version is read
    /// as far as it can be; a conversation state from a newer version is replaced by an idle state (see
    /// <see cref="StoredConversation.StateWasReset"/>). Raise it when a change is not purely additive, and read the old
    /// form here.
    /// </summary>
    public const int CurrentVersion = 1;

    public const string VersionField = "v";

    public static int VersionOf(BsonDocument document) => document.TryGetValue(VersionField, out var v) && v.IsNumber ? v.AsInt32 : 0;

    public static BsonDocument FromConversation(StoredConversation conversation) => new()
    {
        ["_id"] = conversation.Key.ToString(),
        [VersionField] = CurrentVersion,
        ["chat"] = conversation.Chat.ToString(),
        ["step"] = conversation.State.StepName,
        ["state"] = ConversationStateSerializer.Serialize(conversation.State),
        ["updatedAt"] = conversation.UpdatedAt.UtcDateTime,
        ["wakeAt"] = conversation.WakeAt is { } wake ? new BsonValue(wake.UtcDateTime) : BsonValue.Null,
        ["recent"] = new BsonArray(conversation.RecentDeliveryIds.Select(id => new BsonValue(id))),
        ["outboxSeq"] = conversation.OutboxSequence,
    };

    /// <summary>An outbox entry; the payload is the core's versioned JSON, stored as text.</summary>
    public static BsonDocument FromOutboxEntry(OutboxEntry entry) => new()
    {
        ["_id"] = entry.Id,
        ["conversation"] = entry.Key.ToString(),
        ["chat"] = entry.Chat.ToString(),
        ["seq"] = entry.Sequence,
        ["payload"] = entry.Payload,
        ["createdAt"] = entry.CreatedAt.UtcDateTime,
    };

    /// <summary>Reads an outbox entry; null when the document itself is damaged (the payload is checked by the core).</summary>
    public static OutboxEntry? ToOutboxEntry(BsonDocument document)
    {
        try
        {
            return new OutboxEntry(
                document["_id"].AsString,
                ConversationKey.Parse(document["conversation"].AsString),
                Enum.Parse<ChatKind>(document["chat"].AsString),
                document["seq"].AsInt64,
                document["payload"].AsString,
                Instant(document["createdAt"]));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidCastException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>Reads a conversation; a state this version cannot read comes back as idle (and is reported).</summary>
    public static StoredConversation ToConversation(BsonDocument document, Action<Exception>? onUnreadableState = null)
    {
        var key = ConversationKey.Parse(document["_id"].AsString);
        ConversationState state;
        var reset = false;
        try
        {
            var version = VersionOf(document);
            state = version <= CurrentVersion
                ? ConversationStateSerializer.Deserialize(document["state"].AsString)
                : throw new NotSupportedException($"The conversation was saved by a newer BreatheBot (document version {version}; this one reads up to {CurrentVersion}).");
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            onUnreadableState?.Invoke(exception);
            state = new IdleState();
            reset = true;
        }

        return new StoredConversation(
            key,
            Enum.Parse<ChatKind>(document["chat"].AsString),
            state,
            Instant(document["updatedAt"]),
            [.. document["recent"].AsArray.Select(v => v.AsString)])
        {
            StateWasReset = reset,
            OutboxSequence = document["outboxSeq"].IsNumber ? document["outboxSeq"].AsInt64 : 0,
        };
    }

    public static BsonDocument FromProfile(UserProfile profile) => new()
    {
        ["_id"] = profile.UserKey,
        [VersionField] = CurrentVersion,
        ["firstSeenAt"] = profile.FirstSeenAt.UtcDateTime,
        ["disclaimerShownAt"] = OptionalInstant(profile.DisclaimerShownAt),
        ["lastEmergencyFlagAt"] = OptionalInstant(profile.LastEmergencyFlagAt),
        ["timeZone"] = profile.TimeZoneId is null ? BsonValue.Null : new BsonValue(profile.TimeZoneId),
        ["preset"] = OptionalName(profile.PreferredPreset),
        ["minutes"] = OptionalInt(profile.PreferredMinutes),
        ["followUpMinutes"] = OptionalInt(profile.FollowUpDelayMinutes),
        ["emergencyNumbers"] = profile.EmergencyNumbers is null ? BsonValue.Null : new BsonValue(profile.EmergencyNumbers),
        ["breathHoldsOff"] = profile.BreathHoldsOff,
        ["holdsCautionSeen"] = profile.HoldsCautionSeen,
        ["checkInTime"] = profile.CheckInTime is { } time ? new BsonValue(time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)) : BsonValue.Null,
        ["lastCheckInDay"] = profile.LastCheckInDay is { } last ? new BsonValue(last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : BsonValue.Null,
    };

    public static UserProfile ToProfile(BsonDocument document) => new()
    {
        UserKey = document["_id"].AsString,
        FirstSeenAt = Instant(document["firstSeenAt"]),
        DisclaimerShownAt = OptionalInstant(document["disclaimerShownAt"]),
        LastEmergencyFlagAt = OptionalInstant(document["lastEmergencyFlagAt"]),
        TimeZoneId = document["timeZone"].IsNull ? null : document["timeZone"].AsString,
        PreferredPreset = OptionalEnum<BreathingPreset>(document["preset"]),
        PreferredMinutes = OptionalInt(document["minutes"]),
        FollowUpDelayMinutes = OptionalInt(document["followUpMinutes"]),
        EmergencyNumbers = document["emergencyNumbers"].IsNull ? null : document["emergencyNumbers"].AsString,
        // Fields added later read as false in documents written before them (a missing field is null).
        BreathHoldsOff = document["breathHoldsOff"].IsBoolean && document["breathHoldsOff"].AsBoolean,
        HoldsCautionSeen = document["holdsCautionSeen"].IsBoolean && document["holdsCautionSeen"].AsBoolean,
        // The daily check-in's fields: profiles written before it read as off, never asked.
        CheckInTime = document["checkInTime"].IsString ? TimeOnly.ParseExact(document["checkInTime"].AsString, "HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null,
        LastCheckInDay = document["lastCheckInDay"].IsString ? DateOnly.ParseExact(document["lastCheckInDay"].AsString, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    private static DateTime WholeMilliseconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static BsonDocument FromEpisode(Episode episode) => new()
    {
        ["_id"] = episode.Id,
        [VersionField] = CurrentVersion,
        ["user"] = episode.UserKey,
        ["conversation"] = episode.ConversationKey,
        ["kind"] = episode.Kind.ToString(),
        // Whole milliseconds, as LiteDB stores a date anyway: the history index key computed from this document when it
        // is written must equal the one computed from the stored document when the index is built at open.
        ["startedAt"] = WholeMilliseconds(episode.StartedAt),
        ["updatedAt"] = episode.UpdatedAt.UtcDateTime,
        ["status"] = episode.Status.ToString(),
        ["redFlagTier"] = OptionalName(episode.RedFlagTier),
        ["redFlags"] = Names(episode.RedFlags),
        ["emergencyClear"] = episode.EmergencyScreenClear,
        ["sameDayClear"] = episode.SameDayScreenClear,
        ["painBefore"] = OptionalInt(episode.PainBefore),
        ["painAfterBreathing"] = OptionalInt(episode.PainAfterBreathing),
        ["painAfterPoints"] = OptionalInt(episode.PainAfterTriggerPoints),
        ["painFollowUp"] = OptionalInt(episode.PainAtFollowUp),
        ["locations"] = Names(episode.Locations),
        ["character"] = OptionalName(episode.Character),
        ["features"] = Names(episode.Features),
        ["triggers"] = Names(episode.Triggers),
        ["otherTrigger"] = episode.OtherTrigger is null ? BsonValue.Null : new BsonValue(episode.OtherTrigger),
        ["medication"] = OptionalName(episode.Medication),
        ["medicationTiming"] = OptionalName(episode.MedicationTiming),
        ["steps"] = Names(episode.StepsDone),
        ["breathingPreset"] = OptionalName(episode.BreathingPreset),
        ["breathingSeconds"] = OptionalInt(episode.BreathingSeconds),
        ["muscles"] = Names(episode.MusclesDone),
        ["contraindicated"] = episode.MassageContraindicated,
        ["followUp"] = episode.FollowUp.ToString(),
        ["followUpDueAt"] = OptionalInstant(episode.FollowUpDueAt),
        ["helpedMost"] = OptionalName(episode.HelpedMost),
        // Safety v2 answers (absent in older documents, which read as "not asked").
        ["emergencyNotSure"] = episode.EmergencyScreenNotSure,
        ["sameDayNotSure"] = episode.SameDayScreenNotSure,
        ["practice"] = episode.Practice,
        ["holdsCaution"] = episode.HoldsCaution is { } caution ? new BsonValue(caution) : BsonValue.Null,
        ["dizzyDuringBreathing"] = episode.DizzyDuringBreathing,
        ["massageStoppedUnwell"] = episode.MassageStoppedUnwell,
        ["over65"] = episode.Over65 is { } over65 ? new BsonValue(over65) : BsonValue.Null,
        ["featuresSkipped"] = episode.FeaturesSkipped,
        ["spokeToDoctor"] = OptionalName(episode.SpokeToDoctor),
        // Diary v2 (absent in older documents: no end time, no medicine name, one "helped most" at most).
        ["endedAt"] = OptionalInstant(episode.EndedAt),
        ["medicationName"] = OptionalText(episode.MedicationName),
        ["medicationDose"] = OptionalText(episode.MedicationDose),
        ["medicationHelped"] = OptionalName(episode.MedicationHelped),
        ["whatHelped"] = Names(episode.WhatHelped),
        // Diary v2 (issue 14): absent in older documents, which read as no note, recorded live.
        ["note"] = episode.Note is null ? BsonValue.Null : new BsonValue(episode.Note),
        ["loggedAfterwards"] = episode.LoggedAfterwards,
    };

    public static Episode ToEpisode(BsonDocument d) => new()
    {
        Id = d["_id"].AsString,
        UserKey = d["user"].AsString,
        ConversationKey = d["conversation"].AsString,
        Kind = Enum.Parse<EpisodeKind>(d["kind"].AsString),
        StartedAt = Instant(d["startedAt"]),
        UpdatedAt = Instant(d["updatedAt"]),
        Status = Enum.Parse<EpisodeStatus>(d["status"].AsString),
        RedFlagTier = OptionalEnum<RedFlagTier>(d["redFlagTier"]),
        RedFlags = [.. d["redFlags"].AsArray.Select(v => v.AsString)],
        EmergencyScreenClear = d["emergencyClear"].AsBoolean,
        SameDayScreenClear = d["sameDayClear"].AsBoolean,
        PainBefore = OptionalInt(d["painBefore"]),
        PainAfterBreathing = OptionalInt(d["painAfterBreathing"]),
        PainAfterTriggerPoints = OptionalInt(d["painAfterPoints"]),
        PainAtFollowUp = OptionalInt(d["painFollowUp"]),
        Locations = Enums<PainLocation>(d["locations"]),
        Character = OptionalEnum<HeadacheCharacter>(d["character"]),
        Features = Enums<HeadacheFeature>(d["features"]),
        Triggers = Enums<HeadacheTrigger>(d["triggers"]),
        OtherTrigger = d["otherTrigger"].IsNull ? null : d["otherTrigger"].AsString,
        Medication = OptionalEnum<MedicationKind>(d["medication"]),
        MedicationTiming = OptionalEnum<MedicationTiming>(d["medicationTiming"]),
        StepsDone = Enums<SelfCareStep>(d["steps"]),
        BreathingPreset = OptionalEnum<BreathingPreset>(d["breathingPreset"]),
        BreathingSeconds = OptionalInt(d["breathingSeconds"]),
        MusclesDone = Enums<Muscle>(d["muscles"]),
        MassageContraindicated = d["contraindicated"].AsBoolean,
        FollowUp = Enum.Parse<FollowUpStatus>(d["followUp"].AsString),
        FollowUpDueAt = OptionalInstant(d["followUpDueAt"]),
        HelpedMost = OptionalEnum<HelpedMost>(d["helpedMost"]),
        EmergencyScreenNotSure = OptionalBool(d["emergencyNotSure"]) ?? false,
        SameDayScreenNotSure = OptionalBool(d["sameDayNotSure"]) ?? false,
        Practice = OptionalBool(d["practice"]) ?? false,
        HoldsCaution = OptionalBool(d["holdsCaution"]),
        // Fields added with the safety case v2: episodes written before them read as false / not asked.
        DizzyDuringBreathing = d["dizzyDuringBreathing"].IsBoolean && d["dizzyDuringBreathing"].AsBoolean,
        MassageStoppedUnwell = d["massageStoppedUnwell"].IsBoolean && d["massageStoppedUnwell"].AsBoolean,
        Over65 = d["over65"].IsBoolean ? d["over65"].AsBoolean : null,
        FeaturesSkipped = d["featuresSkipped"].IsBoolean && d["featuresSkipped"].AsBoolean,
        SpokeToDoctor = OptionalEnum<DoctorContact>(d["spokeToDoctor"]),
        EndedAt = OptionalInstant(d["endedAt"]),
        MedicationName = d["medicationName"].IsString ? d["medicationName"].AsString : null,
        MedicationDose = d["medicationDose"].IsString ? d["medicationDose"].AsString : null,
        MedicationHelped = OptionalEnum<MedicationHelped>(d["medicationHelped"]),
        // Older documents have only the single "helpedMost": it reads as a list of one.
        WhatHelped = d["whatHelped"].IsArray ? Enums<HelpedMost>(d["whatHelped"])
            : OptionalEnum<HelpedMost>(d["helpedMost"]) is { } one ? [one] : [],
        Note = d["note"].IsString ? d["note"].AsString : null,
        LoggedAfterwards = d["loggedAfterwards"].IsBoolean && d["loggedAfterwards"].AsBoolean,
    };

    private static BsonValue OptionalText(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static BsonDocument FromDay(DayRecord day) => new()
    {
        ["_id"] = day.Id,
        [VersionField] = CurrentVersion,
        ["user"] = day.UserKey,
        ["day"] = day.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["headache"] = day.Headache.ToString(),
        ["answeredAt"] = day.AnsweredAt.UtcDateTime,
    };

    public static DayRecord ToDay(BsonDocument d) => new(
        d["user"].AsString,
        DateOnly.ParseExact(d["day"].AsString, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Enum.Parse<DayHeadache>(d["headache"].AsString),
        Instant(d["answeredAt"]));

    /// <summary>A field added later: missing (older documents) or null reads as null.</summary>
    private static bool? OptionalBool(BsonValue value) => value.IsBoolean ? value.AsBoolean : null;

    private static DateTimeOffset Instant(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc), TimeSpan.Zero);

    private static DateTimeOffset? OptionalInstant(BsonValue value) => value.IsNull ? null : Instant(value);

    private static BsonValue OptionalInstant(DateTimeOffset? value) => value is { } v ? new BsonValue(v.UtcDateTime) : BsonValue.Null;

    private static BsonValue OptionalInt(int? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    private static int? OptionalInt(BsonValue value) => value.IsNull ? null : value.AsInt32;

    private static BsonValue OptionalName<T>(T? value)
        where T : struct, Enum => value is { } v ? new BsonValue(v.ToString()) : BsonValue.Null;

    private static T? OptionalEnum<T>(BsonValue value)
        where T : struct, Enum => value.IsNull ? null : Enum.Parse<T>(value.AsString);

    private static BsonArray Names<T>(IEnumerable<T> values) => new(values.Select(v => new BsonValue(v!.ToString())));

    private static T[] Enums<T>(BsonValue value)
        where T : struct, Enum => [.. value.AsArray.Select(v => Enum.Parse<T>(v.AsString))];
}
