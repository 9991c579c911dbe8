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

/// <summary>
/// The action's whole history, newest first: its status updates and every other change of its fields. A change
/// that came with a status update is shown as the update, not twice.
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

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(int partnershipId, int actionId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await ActionQueries.Visible(db, partnershipId, actor).AnyAsync(a => a.Id == actionId, ct)) return [];

        var updates = await db.StatusUpdates.AsNoTracking().Where(u => u.ActionId == actionId).ToListAsync(ct);
        var key = actionId.ToString(CultureInfo.InvariantCulture);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(Action) && e.EntityId == key).ToListAsync(ct);
        var changeSets = entries.Select(e => e.ChangeSetId).ToList();
        var withUpdates = (await db.AuditEntries.AsNoTracking()
                .Where(e => changeSets.Contains(e.ChangeSetId) && e.EntityType == nameof(StatusUpdate) && e.Operation == AuditOperation.Create)
                .Select(e => e.ChangeSetId).ToListAsync(ct))
            .ToHashSet();
        var names = await NamesAsync(db, partnershipId, ct);

        var timeline = updates.Select(u => new TimelineEntry(u.RecordedAt, u.AuthorName, u, null, []))
            .Concat(entries.Where(e => e.Operation == AuditOperation.Create || !withUpdates.Contains(e.ChangeSetId)).Select(e => e.Operation == AuditOperation.Create
                ? new TimelineEntry(e.RecordedAt, e.UserName, null, "Added to the action plan", [])
                : new TimelineEntry(e.RecordedAt, e.UserName, null, null, Changes(e, names))))
            .Where(t => t.Update is not null || t.Created is not null || t.Changes.Count > 0);
        // Being added always comes first in an action's life, even when sample data dates its updates earlier.
        return [.. timeline.OrderBy(t => t.Created is not null).ThenByDescending(t => t.At)];
    }

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
