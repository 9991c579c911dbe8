using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Audit;

public sealed record AuditFilter
{
    /// <summary>One partnership's log; null for every partnership's, which only administrators read.</summary>
    public int? PartnershipId { get; init; }

    /// <summary>Entries about this action: the action itself, its status updates, milestones and funding.</summary>
    public int? ActionId { get; init; }

    /// <summary>The person (or "Sample loader", "System") who made the change, as the log names them.</summary>
    public string? Person { get; init; }

    /// <summary>London calendar days, inclusive.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }
}

/// <summary>One save: when, who, in which partnership, and what it changed, a sentence an item.</summary>
public sealed record AuditEvent(DateTime At, string Who, string? Partnership, IReadOnlyList<string> Sentences, int More);

public sealed record AuditPage(IReadOnlyList<AuditEvent> Rows, int Total);

public sealed record AuditFilterOptions(IReadOnlyList<NamedOption> Actions, IReadOnlyList<string> People);

/// <summary>
/// Reads the audit log: a coordinator their own partnership's, an administrator any or all. Entries about restricted
/// items (restricted when the change was made, or now) are left out for anyone not cleared. The query is plain LINQ
/// that SQLite and PostgreSQL both translate.
/// </summary>
public sealed class AuditLogQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>A sample load writes thousands of entries in one save: a row shows this many and counts the rest.</summary>
    public const int SentencesPerEvent = 10;

    public async Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        if (!MayRead(actor, filter.PartnershipId)) return new AuditPage([], 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = Readable(db, actor, filter.PartnershipId);
        if (filter.ActionId is { } action) entries = entries.Where(e => e.ActionId == action);
        if (!string.IsNullOrWhiteSpace(filter.Person)) entries = entries.Where(e => e.UserName == filter.Person);
        if (filter.From is { } from)
        {
            var start = PartnershipClock.StartOfDayUtc(from);
            entries = entries.Where(e => e.RecordedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = PartnershipClock.StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(e => e.RecordedAt < end);
        }

        var saves = entries.GroupBy(e => e.ChangeSetId).Select(g => new { ChangeSetId = g.Key, Last = g.Max(e => e.Id), Count = g.Count() });
        var total = await saves.CountAsync(ct);
        var page = await saves.OrderByDescending(s => s.Last).Skip(skip).Take(take).ToListAsync(ct);

        var small = page.Where(s => s.Count <= SentencesPerEvent).Select(s => s.ChangeSetId).ToList();
        var loaded = await entries.Where(e => small.Contains(e.ChangeSetId)).ToListAsync(ct);
        foreach (var large in page.Where(s => s.Count > SentencesPerEvent))
        {
            loaded.AddRange(await entries.Where(e => e.ChangeSetId == large.ChangeSetId).OrderBy(e => e.Id).Take(SentencesPerEvent).ToListAsync(ct));
        }

        var names = await NamesAsync(db, loaded, ct);
        var partnershipIds = loaded.Select(e => e.PartnershipId).OfType<int>().Distinct().ToList();
        var partnerships = await db.Partnerships.Where(p => partnershipIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var rows = page.Select(save =>
        {
            var set = loaded.Where(e => e.ChangeSetId == save.ChangeSetId).OrderBy(e => e.Id).ToList();
            var reasons = set.Where(e => e.EntityType == nameof(StatusUpdate) && e.Operation == AuditOperation.Create && e.ActionId is not null)
                .GroupBy(e => e.ActionId!.Value).ToDictionary(g => g.Key, g => AuditWording.OverrideReason(g.First()));
            var sentences = set.Select(e => AuditWording.Sentence(e, names, e.EntityType == nameof(Action) && e.ActionId is { } id ? reasons.GetValueOrDefault(id) : null))
                .OfType<string>().ToList();
            var first = set[0];
            return new AuditEvent(first.RecordedAt, first.UserName, first.PartnershipId is { } p ? partnerships.GetValueOrDefault(p) : null,
                sentences, save.Count - set.Count);
        }).ToList();
        return new AuditPage(rows, total);
    }

    /// <summary>The actions (of one partnership) and people the log can be filtered by.</summary>
    public async Task<AuditFilterOptions> FilterOptionsAsync(Actor actor, int? partnershipId, CancellationToken ct = default)
    {
        if (!MayRead(actor, partnershipId)) return new AuditFilterOptions([], []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actions = partnershipId is not { } id ? [] : await ActionQueries.Visible(db, id, actor)
            .OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
            .Select(a => new NamedOption(a.Id, a.Reference + " · " + a.Title)).ToListAsync(ct);
        var people = await Readable(db, actor, partnershipId).Select(e => e.UserName).Distinct().OrderBy(n => n).ToListAsync(ct);
        return new AuditFilterOptions(actions, people);
    }

    private static bool MayRead(Actor actor, int? partnershipId) =>
        partnershipId is { } id ? actor.CanReadAuditLog(id) : actor.IsAdministrator;

    private static IQueryable<AuditEntry> Readable(AppDbContext db, Actor actor, int? partnershipId)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (partnershipId is { } id) entries = entries.Where(e => e.PartnershipId == id);
        if (actor.IsCleared) return entries;
        // Restricted then, or restricted now: either keeps the entry from someone not cleared.
        return entries.Where(e => !e.WasRestricted
            && (e.ActionId == null || !db.Actions.Any(a => a.Id == e.ActionId && a.IsRestricted))
            && (e.RestrictedBy != nameof(Milestone) || !db.Milestones.Any(m => m.Id == e.RestrictedById && m.IsRestricted))
            && (e.RestrictedBy != nameof(Outcome) || !db.Outcomes.Any(o => o.Id == e.RestrictedById && o.IsRestricted))
            && (e.RestrictedBy != nameof(FundingStream) || !db.FundingStreams.Any(f => f.Id == e.RestrictedById && f.IsRestricted))
            && (e.RestrictedBy != nameof(ActivityReport) || !db.ActivityReports.Any(r => r.Id == e.RestrictedById && r.IsRestricted)));
    }

    private static async Task<IReadOnlyDictionary<(AuditNameKind, int), string>> NamesAsync(AppDbContext db, IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        var wanted = entries.SelectMany(AuditWording.ReferencedItems).Distinct().ToLookup(r => r.Kind, r => r.Id);
        var names = new Dictionary<(AuditNameKind, int), string>();
        async Task AddAsync(AuditNameKind kind, Func<List<int>, IQueryable<NamedOption>> select)
        {
            var ids = wanted[kind].ToList();
            if (ids.Count == 0) return;
            foreach (var item in await select(ids).ToListAsync(ct)) names[(kind, item.Id)] = item.Name;
        }

        await AddAsync(AuditNameKind.Person, ids => db.People.Where(p => ids.Contains(p.Id)).Select(p => new NamedOption(p.Id, p.Name)));
        await AddAsync(AuditNameKind.Organisation, ids => db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => new NamedOption(o.Id, o.Name)));
        await AddAsync(AuditNameKind.Board, ids => db.Boards.Where(b => ids.Contains(b.Id)).Select(b => new NamedOption(b.Id, b.Name)));
        await AddAsync(AuditNameKind.Priority, ids => db.Priorities.Where(p => ids.Contains(p.Id)).Select(p => new NamedOption(p.Id, p.Code + " · " + p.Title)));
        await AddAsync(AuditNameKind.Strategy, ids => db.Strategies.Where(s => ids.Contains(s.Id)).Select(s => new NamedOption(s.Id, s.Title)));
        await AddAsync(AuditNameKind.Action, ids => db.Actions.Where(a => ids.Contains(a.Id)).Select(a => new NamedOption(a.Id, a.Reference)));
        await AddAsync(AuditNameKind.Outcome, ids => db.Outcomes.Where(o => ids.Contains(o.Id)).Select(o => new NamedOption(o.Id, o.Title)));
        await AddAsync(AuditNameKind.FundingStream, ids => db.FundingStreams.Where(f => ids.Contains(f.Id)).Select(f => new NamedOption(f.Id, f.Name)));
        var meetings = wanted[AuditNameKind.Meeting].ToList();
        foreach (var m in await db.Meetings.Where(m => meetings.Contains(m.Id)).Select(m => new { m.Id, Board = m.Board!.Name, m.StartsAt }).ToListAsync(ct))
        {
            names[(AuditNameKind.Meeting, m.Id)] = $"{m.Board} on {Components.Shared.UkCulture.Time(m.StartsAt)}";
        }

        return names;
    }
}
