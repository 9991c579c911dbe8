using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;

namespace CommunitySafety.Web.Features.Audit;

/// <summary>The kinds of item an audit entry's value can point at, for the names shown instead of numbers.</summary>
public enum AuditNameKind
{
    Person,
    Organisation,
    Board,
    Priority,
    Strategy,
    Action,
    Outcome,
    FundingStream,
    Meeting,
}

/// <summary>
/// Writes audit entries as sentences in the partnership's words: "Melanie Marshman changed VC-03 RAG from Red to
/// Amber — reason: …". Values are shown as the pages show them (UK dates and times, labels for ratings and statuses,
/// names for people and boards), never as stored JSON, enum members, numbers standing for other items or GUIDs.
/// </summary>
public static partial class AuditWording
{
    private const int LongestValue = 120;

    private static readonly System.Reflection.Assembly Domain = typeof(Partnership).Assembly;

    private static readonly Dictionary<string, string> Kinds = new()
    {
        [nameof(Action)] = "action",
        [nameof(StatusUpdate)] = "status update",
        [nameof(PartnerOrganisation)] = "partner organisation",
        [nameof(BoardMember)] = "board membership",
        [nameof(ActivityReportSection)] = "activity report section",
        [nameof(ReminderNotice)] = "reminder",
        [nameof(ReminderPreference)] = "reminder preferences",
        [nameof(UpdateLinkUse)] = "use of an update link",
        [nameof(PartnershipSettings)] = "partnership's settings",
        [nameof(ImportMapping)] = "saved import mapping",
        [nameof(ImportMappingColumn)] = "column of a saved import mapping",
    };

    private static readonly Dictionary<string, string> Fields = new()
    {
        [nameof(Action.Rag)] = "RAG",
        [nameof(StatusUpdate.SuggestedRag)] = "suggested RAG",
        [nameof(StatusUpdate.RagOverrideReason)] = "reason for the RAG",
        [nameof(Action.ProgressPercent)] = "progress",
        [nameof(Action.CompletedOn)] = "completion date",
        [nameof(Action.IsRestricted)] = "restriction",
        [nameof(Action.LeadPersonId)] = "lead",
        [nameof(Action.BoardId)] = "board",
        [nameof(Milestone.OwnerId)] = "owner",
        [nameof(Milestone.SignOffBoardId)] = "sign-off board",
        [nameof(Board.ChairId)] = "chair",
        [nameof(Board.ParentBoardId)] = "parent board",
        [nameof(ReminderNotice.RecipientPersonId)] = "recipient",
        [nameof(StatusUpdate.AuthorPersonId)] = "author",
        [nameof(Outcome.BaselineValue)] = "baseline",
        [nameof(Outcome.TargetValue)] = "target",
        [nameof(StatusUpdate.IncludeInActivityReport)] = "inclusion in the activity report",
        [nameof(Meeting.StartsAt)] = "start",
        [nameof(StatusUpdate.ImportedFrom)] = "source of the import",
        [nameof(Milestone.ReminderLeadDays)] = "reminder days",
        [nameof(PartnershipSettings.StaleAfterDays)] = "days before an update is stale",
        [nameof(PartnershipSettings.OutcomeTolerancePercent)] = "outcome tolerance",
    };

    /// <summary>Bookkeeping a reader has no use for, or must not see (token hashes).</summary>
    private static readonly HashSet<string> Hidden =
    [
        "Id", "Version", "PartnershipId", nameof(UpdateLink.TokenHash), nameof(ReminderNotice.ClaimedBy), nameof(ReminderNotice.ClaimedAt),
        nameof(Action.CreatedAt), nameof(ActivityReport.UpdatedAt), nameof(StatusUpdate.AuthorUserId), nameof(StatusUpdate.AuthorName),
        nameof(CalendarFeed.CreatedByUserId), nameof(Action.LastUpdatedAt), nameof(StatusUpdate.RecordedAt), nameof(UpdateLinkUse.RemoteAddress),
        nameof(UpdateLinkUse.StatusUpdateId), nameof(UpdateLinkUse.UpdateLinkId), nameof(ReminderNotice.ItemId), nameof(ReminderNotice.ItemType),
        nameof(Milestone.TemplateKey),
    ];

    private static readonly Dictionary<string, AuditNameKind> References = new()
    {
        [nameof(Action.LeadPersonId)] = AuditNameKind.Person,
        [nameof(Milestone.OwnerId)] = AuditNameKind.Person,
        [nameof(Board.ChairId)] = AuditNameKind.Person,
        [nameof(BoardMember.PersonId)] = AuditNameKind.Person,
        [nameof(ReminderNotice.RecipientPersonId)] = AuditNameKind.Person,
        [nameof(StatusUpdate.AuthorPersonId)] = AuditNameKind.Person,
        [nameof(Action.LeadOrganisationId)] = AuditNameKind.Organisation,
        [nameof(Person.OrganisationId)] = AuditNameKind.Organisation,
        [nameof(Action.BoardId)] = AuditNameKind.Board,
        [nameof(Milestone.SignOffBoardId)] = AuditNameKind.Board,
        [nameof(Board.ParentBoardId)] = AuditNameKind.Board,
        [nameof(Action.PriorityId)] = AuditNameKind.Priority,
        [nameof(Milestone.StrategyId)] = AuditNameKind.Strategy,
        [nameof(Milestone.ActionId)] = AuditNameKind.Action,
        [nameof(Measurement.OutcomeId)] = AuditNameKind.Outcome,
        [nameof(FundingAllocation.FundingStreamId)] = AuditNameKind.FundingStream,
        [nameof(ActivityReport.MeetingId)] = AuditNameKind.Meeting,
    };

    /// <summary>The items an entry's values point at, so their names can be looked up before the sentence is written.</summary>
    public static IEnumerable<(AuditNameKind Kind, int Id)> ReferencedItems(AuditEntry entry) =>
        Values(entry.Before).Concat(Values(entry.After))
            .Where(v => References.ContainsKey(v.Key) && v.Value.ValueKind == JsonValueKind.Number)
            .Select(v => (References[v.Key], v.Value.GetInt32()));

    /// <summary>
    /// The sentence for one entry, or null when it says nothing a reader needs (an action's "last updated" time
    /// moving with the status update that is written out beside it). The reason is the override reason of a status
    /// update saved together with this change of RAG.
    /// </summary>
    public static string? Sentence(AuditEntry entry, IReadOnlyDictionary<(AuditNameKind, int), string> names, string? reason = null)
    {
        var who = entry.UserName;
        var after = Values(entry.After);
        var before = Values(entry.Before);
        switch (entry.Operation)
        {
            case AuditOperation.Create:
                return entry.EntityType switch
                {
                    nameof(Action) => $"{who} added {entry.Subject} {Quote(Text(after, nameof(Action.Title)))} to the action plan.",
                    nameof(StatusUpdate) => $"{who} posted a status update on {entry.Subject} ({RagAndStatus(after)}): {Quote(Text(after, nameof(StatusUpdate.Commentary)))}.",
                    nameof(Measurement) => $"{who} recorded {Show(entry.EntityType, nameof(Measurement.Value), after.GetValueOrDefault(nameof(Measurement.Value)), names)} " +
                                           $"for {Quote(entry.Subject)} ({Text(after, nameof(Measurement.Period))}).",
                    nameof(Milestone) => $"{who} added the milestone {Quote(entry.Subject)}, due {Show(entry.EntityType, nameof(Milestone.DueDate), after.GetValueOrDefault(nameof(Milestone.DueDate)), names)}.",
                    nameof(FundingAllocation) => $"{who} allocated {Show(entry.EntityType, nameof(FundingAllocation.Amount), after.GetValueOrDefault(nameof(FundingAllocation.Amount)), names)} " +
                                                 $"from {Quote(entry.Subject)} to {Show(entry.EntityType, nameof(FundingAllocation.Recipient), after.GetValueOrDefault(nameof(FundingAllocation.Recipient)), names)}" +
                                                 (after.GetValueOrDefault(nameof(FundingAllocation.ActionId)) is { ValueKind: JsonValueKind.Number } ? $" for {Show(entry.EntityType, nameof(FundingAllocation.ActionId), after[nameof(FundingAllocation.ActionId)], names)}." : "."),
                    nameof(Meeting) => $"{who} added a meeting of {entry.Subject} on {Show(entry.EntityType, nameof(Meeting.StartsAt), after.GetValueOrDefault(nameof(Meeting.StartsAt)), names)}.",
                    nameof(BoardMember) => $"{who} added {Show(entry.EntityType, nameof(BoardMember.PersonId), after.GetValueOrDefault(nameof(BoardMember.PersonId)), names)} to {entry.Subject} " +
                                           $"as {Show(entry.EntityType, nameof(BoardMember.Role), after.GetValueOrDefault(nameof(BoardMember.Role)), names)}.",
                    _ => $"{who} added {Item(entry)}.",
                };
            case AuditOperation.Delete:
                return entry.EntityType == nameof(Action)
                    ? $"{who} deleted {entry.Subject} {Quote(Text(before, nameof(Action.Title)))} from the action plan."
                    : $"{who} deleted {Item(entry)}.";
            default:
                var changes = after.Keys.Where(k => !Hidden.Contains(k))
                    .Select(k => Change(entry.EntityType, k, before.GetValueOrDefault(k), after[k], names)).ToList();
                if (changes.Count == 0) return null;
                var because = reason is not null && after.ContainsKey(nameof(Action.Rag)) ? $" — reason: {Whitespace().Replace(reason, " ").Trim()}" : "";
                return Stop($"{who} changed {Target(entry)} {Join(changes)}{because}");
        }
    }

    /// <summary>The override reason a status update gave, from its audit entry.</summary>
    public static string? OverrideReason(AuditEntry statusUpdate) =>
        Values(statusUpdate.After).GetValueOrDefault(nameof(StatusUpdate.RagOverrideReason)) is { ValueKind: JsonValueKind.String } reason ? reason.GetString() : null;

    private static string RagAndStatus(IReadOnlyDictionary<string, JsonElement> after)
    {
        var rag = Enum.TryParse<RagRating>(Text(after, nameof(StatusUpdate.Rag)), out var r) ? r.Label() : "no rating";
        var status = Enum.TryParse<ActionStatus>(Text(after, nameof(StatusUpdate.Status)), out var s) ? s.Label().ToLowerInvariant() : "";
        return $"RAG {rag}, {status}, {Text(after, nameof(StatusUpdate.ProgressPercent))}%";
    }

    /// <summary>What the sentence calls the item: an action by its reference, anything else by its kind and name.</summary>
    private static string Target(AuditEntry entry) => entry.EntityType switch
    {
        nameof(Action) => entry.Subject ?? "an action",
        nameof(StatusUpdate) => $"the status update on {entry.Subject}",
        _ => Item(entry, definite: true),
    };

    private static string Item(AuditEntry entry, bool definite = false)
    {
        var kind = Kind(entry.EntityType);
        var article = definite ? "the" : "aeiou".Contains(kind[0], StringComparison.Ordinal) ? "an" : "a";
        return entry.Subject switch
        {
            _ when entry.EntityType == nameof(PartnershipSettings) => "the partnership's RAG and reminder settings",
            null or "" => $"{article} {kind}",
            _ when entry.EntityType == nameof(Risk) => $"risk {entry.Subject}",
            _ when entry.EntityType is nameof(StatusUpdate) or nameof(UpdateLink) or nameof(UpdateLinkUse) => $"{article} {kind} on {entry.Subject}",
            _ when entry.EntityType == nameof(FundingAllocation) => $"{article} {kind} from {Quote(entry.Subject)}",
            _ when entry.EntityType == nameof(ReminderNotice) => $"{article} {kind} about {(entry.RestrictedBy is null ? entry.Subject : Quote(entry.Subject))}",
            _ when entry.EntityType is nameof(BoardMember) or nameof(Meeting) => $"{article} {kind} of {entry.Subject}",
            _ => $"the {kind} {Quote(entry.Subject)}",
        };
    }

    private static string Kind(string entityType) => Kinds.GetValueOrDefault(entityType) ?? Words(entityType);

    private static string Change(string entityType, string field, JsonElement before, JsonElement after, IReadOnlyDictionary<(AuditNameKind, int), string> names)
    {
        var name = Fields.GetValueOrDefault(field) ?? Words(field.EndsWith("Id", StringComparison.Ordinal) ? field[..^2] : field);
        return $"{name} from {Show(entityType, field, before, names)} to {Show(entityType, field, after, names)}";
    }

    /// <summary>One value as the pages show it, judged by the type the item's property has.</summary>
    private static string Show(string entityType, string field, JsonElement value, IReadOnlyDictionary<(AuditNameKind, int), string> names)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return "none";
        if (value.ValueKind is JsonValueKind.String && value.GetString() is "" or null) return "none";
        if (References.TryGetValue(field, out var kind) && value.ValueKind == JsonValueKind.Number)
        {
            return names.TryGetValue((kind, value.GetInt32()), out var named) ? named : $"a {Words(kind.ToString())} since deleted";
        }

        var type = Nullable.GetUnderlyingType(PropertyType(entityType, field) ?? typeof(string)) ?? PropertyType(entityType, field) ?? typeof(string);
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return type switch
        {
            _ when type == typeof(RagRating) && Enum.TryParse<RagRating>(text, out var r) => r.Label(),
            _ when type == typeof(ActionStatus) && Enum.TryParse<ActionStatus>(text, out var s) => s.Label(),
            _ when type == typeof(OrganisationKind) && Enum.TryParse<OrganisationKind>(text, out var o) => o.Label(),
            _ when type == typeof(BoardKind) && Enum.TryParse<BoardKind>(text, out var b) => b.Label(),
            _ when type == typeof(MilestoneKind) && Enum.TryParse<MilestoneKind>(text, out var m) => m.Label(),
            _ when type == typeof(StatutoryTheme) && Enum.TryParse<StatutoryTheme>(text, out var t) => string.Join(", ", t.Split().Select(x => x.Label())),
            { IsEnum: true } => Words(text),
            _ when type == typeof(bool) => field == nameof(Action.IsRestricted)
                ? (value.ValueKind == JsonValueKind.True ? "restricted" : "not restricted")
                : (value.ValueKind == JsonValueKind.True ? "yes" : "no"),
            _ when type == typeof(DateOnly) && DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d) => UkCulture.Date(d),
            _ when type == typeof(DateTime) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                => UkCulture.Time(at),
            _ when type == typeof(decimal) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                => field is nameof(FundingAllocation.Amount) or nameof(FundingAllocation.Spent) ? UkCulture.Money(amount)
                    : field == nameof(PartnershipSettings.OutcomeTolerancePercent) ? $"{amount.ToString("0.##", UkCulture.Instance)}%"
                    : amount.ToString("#,0.##", UkCulture.Instance),
            _ when field == nameof(Action.ProgressPercent) => $"{text}%",
            _ when type == typeof(string) => Quote(text),
            _ => text,
        };
    }

    private static Type? PropertyType(string entityType, string field) =>
        Domain.GetType($"{typeof(Partnership).Namespace}.{entityType}")?.GetProperty(field)?.PropertyType;

    private static Dictionary<string, JsonElement> Values(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];

    private static string Text(IReadOnlyDictionary<string, JsonElement> values, string field) =>
        values.TryGetValue(field, out var v) && v.ValueKind != JsonValueKind.Null ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";

    private static string Quote(string? text)
    {
        var flat = Whitespace().Replace(text ?? "", " ").Trim();
        return $"“{(flat.Length > LongestValue ? flat[..(LongestValue - 1)].TrimEnd() + "…" : flat)}”";
    }

    /// <summary>"ReminderLeadDays" as "reminder lead days", "InProgress" as "in progress".</summary>
    private static string Words(string name) => Capitals().Replace(name, " $1").Trim().ToLowerInvariant();

    private static string Stop(string sentence) => sentence.EndsWith('.') || sentence.EndsWith('?') || sentence.EndsWith('!') ? sentence : sentence + ".";

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex Capitals();
}
