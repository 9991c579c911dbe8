using System.Globalization;
using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Actions;

public sealed record FieldChange(string Field, string Before, string After);

/// <summary>One moment in an action's life: a status update, or a change of its fields (from the audit log).</summary>
public sealed record TimelineEntry(DateTime At, string Who, StatusUpdate? Update, string? Created, IReadOnlyList<FieldChange> Changes);

/// <summary>One page of an action's history, newest first, and how long the whole history is.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, int Total, int Page, int PageSize)
{
    public static readonly TimelinePage Empty = new([], 0, 1, ActionHistory.PageSize);

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The position of the first entry shown, counting from the newest (1).</summary>
    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => (Page - 1) * PageSize + Entries.Count;
}

/// <summary>
/// The action's history, newest first: its status updates and every other change of its fields. A change that came
/// with a status update is shown as the update, not twice. It is read a page at a time: the order is worked out on
/// a few narrow columns of the whole history, and only the page shown is read in full, so an action with years of
/// updates opens as quickly as a new one and its page holds only what it shows.
/// </summary>
public sealed class ActionHistory(IDbContextFactory<AppDbContext> dbFactory)
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        [nameof(Action.PriorityId)] = "Priority",
        [nameof(Action.Reference)] = "Reference",
        [nameof(Action.Title)] = "Title",
        [nameof(Action.Description)] = "Description",
        [nameof(Action.LeadOrganisationId)] = "Lead organisation",
        [nameof(Action.LeadPersonId)] = "Lead person",
        [nameof(Action.BoardId)] = "Overseeing board",
        [nameof(Action.StartDate)] = "Start date",
        [nameof(Action.DueDate)] = "Due date",
        [nameof(Action.Status)] = "Status",
        [nameof(Action.Rag)] = "RAG rating",
        [nameof(Action.ProgressPercent)] = "Progress",
        [nameof(Action.CompletedOn)] = "Completed on",
        [nameof(Action.IsRestricted)] = "Restricted",
    };

    /// <summary>How many entries a page of history shows.</summary>
    public const int PageSize = 20;

    private sealed record Key(DateTime At, long Id, bool IsUpdate, bool IsCreated);

    public async Task<TimelinePage> TimelineAsync(int partnershipId, int actionId, Actor actor, int page = 1, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return TimelinePage.Empty;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await ActionQueries.Visible(db, partnershipId, actor).AnyAsync(a => a.Id == actionId, ct)) return TimelinePage.Empty;

        var key = actionId.ToString(CultureInfo.InvariantCulture);
        var updates = await db.StatusUpdates.Where(u => u.ActionId == actionId).Select(u => new { u.Id, u.RecordedAt }).ToListAsync(ct);
        // The action's own audit entries, less the changes a status update made (the update shows them).
        var entries = await db.AuditEntries.Where(e => e.EntityType == nameof(Action) && e.EntityId == key)
            .Where(e => e.Operation == AuditOperation.Create || !db.AuditEntries.Any(s =>
                s.ChangeSetId == e.ChangeSetId && s.EntityType == nameof(StatusUpdate) && s.Operation == AuditOperation.Create))
            .Select(e => new { e.Id, e.RecordedAt, e.Operation, After = e.Operation == AuditOperation.Change ? e.After : null })
            .ToListAsync(ct);
        var keys = updates.Select(u => new Key(u.RecordedAt, u.Id, true, false))
            .Concat(entries.Where(e => e.Operation == AuditOperation.Create || (e.Operation == AuditOperation.Change && ChangesLabelledFields(e.After)))
                .Select(e => new Key(e.RecordedAt, e.Id, false, e.Operation == AuditOperation.Create)))
            // Being added always comes first in an action's life, even when sample data dates its updates earlier. At
            // the same moment an update is shown above a change; ids order only entries of the same kind (two tables).
            .OrderBy(k => k.IsCreated).ThenByDescending(k => k.At).ThenByDescending(k => k.IsUpdate).ThenByDescending(k => k.Id)
            .ToList();
        var pages = Math.Max(1, (keys.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var shown = keys.Skip((page - 1) * PageSize).Take(PageSize).ToList();

        var updateIds = shown.Where(k => k.IsUpdate).Select(k => (int)k.Id).ToList();
        var auditIds = shown.Where(k => !k.IsUpdate).Select(k => k.Id).ToList();
        var fullUpdates = updateIds.Count == 0 ? [] : await db.StatusUpdates.AsNoTracking().Where(u => updateIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var fullEntries = auditIds.Count == 0 ? [] : await db.AuditEntries.AsNoTracking().Where(e => auditIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var names = fullEntries.Values.Any(e => e.Operation == AuditOperation.Change) ? await NamesAsync(db, partnershipId, ct) : new Dictionary<string, string>();
        var timeline = shown.Select(k =>
        {
            if (k.IsUpdate)
            {
                var u = fullUpdates[(int)k.Id];
                return new TimelineEntry(u.RecordedAt, u.AuthorName, u, null, []);
            }

            var e = fullEntries[k.Id];
            return e.Operation == AuditOperation.Create
                ? new TimelineEntry(e.RecordedAt, e.UserName, null, "Added to the action plan", [])
                : new TimelineEntry(e.RecordedAt, e.UserName, null, null, Changes(e, names));
        }).ToList();
        return new TimelinePage(timeline, keys.Count, page, PageSize);
    }

    private static bool ChangesLabelledFields(string? after) => Parse(after).Keys.Any(Labels.ContainsKey);

    private static List<FieldChange> Changes(AuditEntry e, IReadOnlyDictionary<string, string> names)
    {
        var before = Parse(e.Before);
        var after = Parse(e.After);
        return [.. after.Keys.Where(Labels.ContainsKey)
            .Select(k => new FieldChange(Labels[k], Show(k, before.GetValueOrDefault(k), names), Show(k, after[k], names)))];
    }

    private static Dictionary<string, JsonElement> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];

    private static string Show(string field, JsonElement value, IReadOnlyDictionary<string, string> names)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return "—";
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return field switch
        {
            nameof(Action.Status) when Enum.TryParse<ActionStatus>(text, out var s) => s.Label(),
            nameof(Action.Rag) when Enum.TryParse<RagRating>(text, out var r) => r.Label(),
            nameof(Action.ProgressPercent) => text + "%",
            nameof(Action.IsRestricted) => value.ValueKind == JsonValueKind.True ? "Yes" : "No",
            nameof(Action.StartDate) or nameof(Action.DueDate) or nameof(Action.CompletedOn) when DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d) => UkCulture.Date(d),
            nameof(Action.PriorityId) or nameof(Action.LeadOrganisationId) or nameof(Action.LeadPersonId) or nameof(Action.BoardId)
                => names.GetValueOrDefault($"{field}:{text}", text),
            _ => text,
        };
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(AppDbContext db, int partnershipId, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        foreach (var p in await db.Priorities.Where(p => p.Strategy!.PartnershipId == partnershipId).Select(p => new { p.Id, p.Title }).ToListAsync(ct))
            names[$"{nameof(Action.PriorityId)}:{p.Id}"] = p.Title;
        foreach (var o in await db.Organisations.Where(o => o.PartnershipId == partnershipId).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            names[$"{nameof(Action.LeadOrganisationId)}:{o.Id}"] = o.Name;
        foreach (var p in await db.People.Where(p => p.PartnershipId == partnershipId).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names[$"{nameof(Action.LeadPersonId)}:{p.Id}"] = p.Name;
        foreach (var b in await db.Boards.Where(b => b.PartnershipId == partnershipId).Select(b => new { b.Id, b.Name }).ToListAsync(ct))
            names[$"{nameof(Action.BoardId)}:{b.Id}"] = b.Name;
        return names;
    }
}
