using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Data;

/// <summary>Where an audited item sits: its partnership, the action and the restricted item it belongs to, and its name.</summary>
internal sealed record AuditScope(int? PartnershipId, int? ActionId, string? RestrictedBy, int? RestrictedById, bool WasRestricted, string? Subject)
{
    public static readonly AuditScope None = new(null, null, null, null, false, null);
}

/// <summary>One item of a save: its type's name and its values (as saved, or as they were before a delete).</summary>
internal sealed record AuditItem(string Type, Func<string, object?> Value)
{
    public int? Int(string property) => Value(property) is int i ? i : null;

    public int Id => Int("Id") ?? 0;

    public string? Text(string property) => Value(property)?.ToString();

    public bool Flag(string property) => Value(property) is true;
}

/// <summary>
/// Works out the scope of every item of one save. Parents saved in the same change set (a sample loaded at once, an
/// action deleted with its updates) are read from the set itself; the others with one query per kind of parent.
/// </summary>
internal sealed class AuditScopes
{
    private sealed record ActionFacts(int? PartnershipId, int? PriorityId, string Reference, bool IsRestricted);

    private sealed record OwnedFacts(int? PartnershipId, int? PriorityId, string Name, bool IsRestricted);

    private sealed record MilestoneFacts(int PartnershipId, string Title, bool IsRestricted, int? ActionId);

    private readonly Dictionary<int, int> strategies = [];
    private readonly Dictionary<int, (int? PartnershipId, int? StrategyId)> priorities = [];
    private readonly Dictionary<int, ActionFacts> actions = [];
    private readonly Dictionary<int, OwnedFacts> outcomes = [];
    private readonly Dictionary<int, OwnedFacts> streams = [];
    private readonly Dictionary<int, OwnedFacts> reports = [];
    private readonly Dictionary<int, OwnedFacts> boards = [];
    private readonly Dictionary<int, OwnedFacts> people = [];
    private readonly Dictionary<int, MilestoneFacts> milestones = [];
    private readonly Dictionary<int, int> links = [];

    private AuditScopes(IEnumerable<AuditItem> items)
    {
        foreach (var i in items)
        {
            switch (i.Type)
            {
                case nameof(Strategy): strategies[i.Id] = i.Int(nameof(Strategy.PartnershipId)) ?? 0; break;
                case nameof(Priority): priorities[i.Id] = (null, i.Int(nameof(Priority.StrategyId))); break;
                case nameof(Action): actions[i.Id] = new(null, i.Int(nameof(Action.PriorityId)), i.Text(nameof(Action.Reference)) ?? "", i.Flag(nameof(Action.IsRestricted))); break;
                case nameof(Outcome): outcomes[i.Id] = new(null, i.Int(nameof(Outcome.PriorityId)), i.Text(nameof(Outcome.Title)) ?? "", i.Flag(nameof(Outcome.IsRestricted))); break;
                case nameof(FundingStream): streams[i.Id] = Owned(i, nameof(FundingStream.Name), nameof(FundingStream.IsRestricted)); break;
                case nameof(ActivityReport): reports[i.Id] = Owned(i, null, nameof(ActivityReport.IsRestricted)); break;
                case nameof(Board): boards[i.Id] = Owned(i, nameof(Board.Name), null); break;
                case nameof(Person): people[i.Id] = Owned(i, nameof(Person.Name), null); break;
                case nameof(Milestone):
                    milestones[i.Id] = new(i.Int(nameof(Milestone.PartnershipId)) ?? 0, i.Text(nameof(Milestone.Title)) ?? "", i.Flag(nameof(Milestone.IsRestricted)), i.Int(nameof(Milestone.ActionId)));
                    break;
                case nameof(UpdateLink): links[i.Id] = i.Int(nameof(UpdateLink.ActionId)) ?? 0; break;
            }
        }
    }

    private static OwnedFacts Owned(AuditItem i, string? name, string? restricted) =>
        new(i.Int("PartnershipId"), null, name is null ? "" : i.Text(name) ?? "", restricted is not null && i.Flag(restricted));

    public static async Task<IReadOnlyList<AuditScope>> ResolveAsync(AppDbContext db, IReadOnlyList<AuditItem> items, CancellationToken ct)
    {
        var scopes = new AuditScopes(items);
        await scopes.LoadMissingAsync(db, items, ct);
        return [.. items.Select(scopes.Scope)];
    }

    private async Task LoadMissingAsync(AppDbContext db, IReadOnlyList<AuditItem> items, CancellationToken ct)
    {
        List<int> Missing<T>(IReadOnlyDictionary<int, T> known, IEnumerable<int?> wanted) =>
            [.. wanted.OfType<int>().Distinct().Where(id => !known.ContainsKey(id))];
        IEnumerable<int?> Of(string type, string property) => items.Where(i => i.Type == type).Select(i => i.Int(property));

        var linkIds = Missing(links, Of(nameof(UpdateLinkUse), nameof(UpdateLinkUse.UpdateLinkId)));
        if (linkIds.Count > 0)
        {
            foreach (var l in await db.UpdateLinks.AsNoTracking().Where(l => linkIds.Contains(l.Id)).Select(l => new { l.Id, l.ActionId }).ToListAsync(ct))
                links[l.Id] = l.ActionId;
        }

        var milestoneIds = Missing(milestones, items.Where(i => i.Type == nameof(ReminderNotice) && i.Text(nameof(ReminderNotice.ItemType)) == nameof(ReminderItemType.Milestone))
            .Select(i => i.Int(nameof(ReminderNotice.ItemId))));
        if (milestoneIds.Count > 0)
        {
            foreach (var m in await db.Milestones.AsNoTracking().Where(m => milestoneIds.Contains(m.Id))
                         .Select(m => new { m.Id, m.PartnershipId, m.Title, m.IsRestricted, m.ActionId }).ToListAsync(ct))
                milestones[m.Id] = new(m.PartnershipId, m.Title, m.IsRestricted, m.ActionId);
        }

        var actionIds = Missing(actions, items.Select(i => i.Type switch
        {
            nameof(StatusUpdate) or nameof(UpdateLink) or nameof(FundingAllocation) => i.Int("ActionId"),
            nameof(Milestone) => i.Int(nameof(Milestone.ActionId)),
            nameof(UpdateLinkUse) => links.TryGetValue(i.Int(nameof(UpdateLinkUse.UpdateLinkId)) ?? 0, out var a) ? a : null,
            nameof(ReminderNotice) => NoticeActionId(i),
            _ => null,
        }));
        if (actionIds.Count > 0)
        {
            foreach (var a in await db.Actions.AsNoTracking().Where(a => actionIds.Contains(a.Id))
                         .Select(a => new { a.Id, a.Priority!.Strategy!.PartnershipId, a.Reference, a.IsRestricted }).ToListAsync(ct))
                actions[a.Id] = new(a.PartnershipId, null, a.Reference, a.IsRestricted);
        }

        var outcomeIds = Missing(outcomes, Of(nameof(Measurement), nameof(Measurement.OutcomeId)));
        if (outcomeIds.Count > 0)
        {
            foreach (var o in await db.Outcomes.AsNoTracking().Where(o => outcomeIds.Contains(o.Id))
                         .Select(o => new { o.Id, o.Priority!.Strategy!.PartnershipId, o.Title, o.IsRestricted }).ToListAsync(ct))
                outcomes[o.Id] = new(o.PartnershipId, null, o.Title, o.IsRestricted);
        }

        var streamIds = Missing(streams, Of(nameof(FundingAllocation), nameof(FundingAllocation.FundingStreamId)));
        if (streamIds.Count > 0)
        {
            foreach (var s in await db.FundingStreams.AsNoTracking().Where(s => streamIds.Contains(s.Id))
                         .Select(s => new { s.Id, s.PartnershipId, s.Name, s.IsRestricted }).ToListAsync(ct))
                streams[s.Id] = new(s.PartnershipId, null, s.Name, s.IsRestricted);
        }

        var reportIds = Missing(reports, Of(nameof(ActivityReportSection), nameof(ActivityReportSection.ActivityReportId)));
        if (reportIds.Count > 0)
        {
            foreach (var r in await db.ActivityReports.AsNoTracking().Where(r => reportIds.Contains(r.Id))
                         .Select(r => new { r.Id, r.PartnershipId, r.IsRestricted }).ToListAsync(ct))
                reports[r.Id] = new(r.PartnershipId, null, "", r.IsRestricted);
        }

        var boardIds = Missing(boards, Of(nameof(BoardMember), nameof(BoardMember.BoardId)).Concat(Of(nameof(Meeting), nameof(Meeting.BoardId))));
        if (boardIds.Count > 0)
        {
            foreach (var b in await db.Boards.AsNoTracking().Where(b => boardIds.Contains(b.Id)).Select(b => new { b.Id, b.PartnershipId, b.Name }).ToListAsync(ct))
                boards[b.Id] = new(b.PartnershipId, null, b.Name, false);
        }

        var personIds = Missing(people, Of(nameof(ReminderPreference), nameof(ReminderPreference.PersonId)));
        if (personIds.Count > 0)
        {
            foreach (var p in await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.PartnershipId, p.Name }).ToListAsync(ct))
                people[p.Id] = new(p.PartnershipId, null, p.Name, false);
        }

        // Actions and outcomes of this save name their priority; priorities of this save name their strategy.
        var priorityIds = Missing(priorities, actions.Values.Select(a => a.PriorityId).Concat(outcomes.Values.Select(o => o.PriorityId)));
        if (priorityIds.Count > 0)
        {
            foreach (var p in await db.Priorities.AsNoTracking().Where(p => priorityIds.Contains(p.Id)).Select(p => new { p.Id, p.Strategy!.PartnershipId }).ToListAsync(ct))
                priorities[p.Id] = (p.PartnershipId, null);
        }

        var strategyIds = Missing(strategies, priorities.Values.Select(p => p.StrategyId));
        if (strategyIds.Count > 0)
        {
            foreach (var s in await db.Strategies.AsNoTracking().Where(s => strategyIds.Contains(s.Id)).Select(s => new { s.Id, s.PartnershipId }).ToListAsync(ct))
                strategies[s.Id] = s.PartnershipId;
        }
    }

    private static int? NoticeActionId(AuditItem notice) =>
        notice.Text(nameof(ReminderNotice.ItemType)) == nameof(ReminderItemType.Action) ? notice.Int(nameof(ReminderNotice.ItemId)) : null;

    private int? PriorityPartnership(int? priorityId) =>
        priorityId is { } id && priorities.TryGetValue(id, out var p)
            ? p.PartnershipId ?? (p.StrategyId is { } s && strategies.TryGetValue(s, out var partnership) ? partnership : null)
            : null;

    private ActionFacts? ActionOf(int? id) => id is { } key && actions.TryGetValue(key, out var a) ? a with { PartnershipId = a.PartnershipId ?? PriorityPartnership(a.PriorityId) } : null;

    private OwnedFacts? OutcomeOf(int? id) => id is { } key && outcomes.TryGetValue(key, out var o) ? o with { PartnershipId = o.PartnershipId ?? PriorityPartnership(o.PriorityId) } : null;

    private static T? Find<T>(Dictionary<int, T> known, int? id) where T : class => id is { } key && known.TryGetValue(key, out var value) ? value : null;

    private AuditScope OfAction(int? actionId, int? partnershipId = null, string? restrictedBy = null, int? restrictedById = null, bool restricted = false, string? subject = null)
    {
        var action = ActionOf(actionId);
        return new(partnershipId ?? action?.PartnershipId, actionId, restrictedBy, restrictedById, restricted || action?.IsRestricted == true, subject ?? action?.Reference);
    }

    private AuditScope Scope(AuditItem i)
    {
        int? Pid() => i.Int("PartnershipId");
        switch (i.Type)
        {
            case nameof(Partnership): return AuditScope.None with { PartnershipId = i.Id, Subject = i.Text(nameof(Partnership.Name)) };
            case nameof(PartnershipSettings): return AuditScope.None with { PartnershipId = Pid() };
            case nameof(PartnerOrganisation): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(PartnerOrganisation.Name)) };
            case nameof(Person): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(Person.Name)) };
            case nameof(Board): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(Board.Name)) };
            case nameof(BoardMember):
            case nameof(Meeting):
                var board = Find(boards, i.Int("BoardId"));
                return AuditScope.None with { PartnershipId = board?.PartnershipId, Subject = board?.Name };
            case nameof(Strategy): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(Strategy.Title)) };
            case nameof(Priority):
                return AuditScope.None with { PartnershipId = PriorityPartnership(i.Id), Subject = $"{i.Text(nameof(Priority.Code))} · {i.Text(nameof(Priority.Title))}" };
            case nameof(Action): return OfAction(i.Id);
            case nameof(StatusUpdate):
            case nameof(UpdateLink):
                return OfAction(i.Int("ActionId"));
            case nameof(UpdateLinkUse): return OfAction(links.TryGetValue(i.Int(nameof(UpdateLinkUse.UpdateLinkId)) ?? 0, out var linked) ? linked : null);
            case nameof(Milestone):
                return OfAction(i.Int(nameof(Milestone.ActionId)), Pid(), nameof(Milestone), i.Id, i.Flag(nameof(Milestone.IsRestricted)), i.Text(nameof(Milestone.Title)));
            case nameof(Outcome):
                var outcome = OutcomeOf(i.Id);
                return new(outcome?.PartnershipId, null, nameof(Outcome), i.Id, outcome?.IsRestricted == true, outcome?.Name);
            case nameof(Measurement):
                var measured = OutcomeOf(i.Int(nameof(Measurement.OutcomeId)));
                return new(measured?.PartnershipId, null, nameof(Outcome), i.Int(nameof(Measurement.OutcomeId)), measured?.IsRestricted == true, measured?.Name);
            case nameof(Risk): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(Risk.Number)) };
            case nameof(FundingStream):
                return new(Pid(), null, nameof(FundingStream), i.Id, i.Flag(nameof(FundingStream.IsRestricted)), i.Text(nameof(FundingStream.Name)));
            case nameof(FundingAllocation):
                var stream = Find(streams, i.Int(nameof(FundingAllocation.FundingStreamId)));
                return OfAction(i.Int(nameof(FundingAllocation.ActionId)), stream?.PartnershipId, nameof(FundingStream), i.Int(nameof(FundingAllocation.FundingStreamId)),
                    stream?.IsRestricted == true, stream?.Name);
            case nameof(ActivityReport): return new(Pid(), null, nameof(ActivityReport), i.Id, i.Flag(nameof(ActivityReport.IsRestricted)), null);
            case nameof(ActivityReportSection):
                var reportId = i.Int(nameof(ActivityReportSection.ActivityReportId));
                var report = Find(reports, reportId);
                return new(report?.PartnershipId, null, nameof(ActivityReport), reportId, report?.IsRestricted == true, i.Text(nameof(ActivityReportSection.Heading)));
            case nameof(ReminderNotice):
                if (NoticeActionId(i) is { } noticeAction) return OfAction(noticeAction, Pid());
                var milestone = Find(milestones, i.Int(nameof(ReminderNotice.ItemId)));
                return OfAction(milestone?.ActionId, Pid(), nameof(Milestone), i.Int(nameof(ReminderNotice.ItemId)), milestone?.IsRestricted == true, milestone?.Title);
            case nameof(ReminderPreference):
                var person = Find(people, i.Int(nameof(ReminderPreference.PersonId)));
                return AuditScope.None with { PartnershipId = person?.PartnershipId, Subject = person?.Name };
            case nameof(ImportMapping): return AuditScope.None with { PartnershipId = Pid(), Subject = i.Text(nameof(ImportMapping.Name)) };
            // Anything else that names its partnership (calendar feeds, say) is at least in the right log.
            default: return AuditScope.None with { PartnershipId = Pid() };
        }
    }
}
