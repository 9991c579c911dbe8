using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Dashboard;

public sealed record DashboardFilter(int? BoardId = null, int? PriorityId = null, int? LeadOrganisationId = null);

public sealed record RagCounts(IReadOnlyDictionary<RagRating, int> ByRag)
{
    public int this[RagRating rating] => ByRag.GetValueOrDefault(rating);

    public int Total => ByRag.Values.Sum();
}

public sealed record PriorityRag(int Id, string Code, string Title, RagCounts Counts);

public sealed record AttentionAction(
    int Id,
    string Reference,
    string Title,
    string PriorityCode,
    string? LeadOrganisation,
    string? LeadPerson,
    RagRating Rag,
    DateOnly? DueDate,
    bool IsOverdue,
    bool IsRestricted,
    string? LatestCommentary,
    DateTime? LatestUpdateAt);

public sealed record DashboardMilestone(int Id, string Title, DateOnly DueDate, MilestoneKind Kind, bool IsRestricted, int Horizon);

public sealed record OffTargetOutcome(
    int Id,
    string Title,
    string PriorityCode,
    string Unit,
    OutcomeDirection Direction,
    decimal Target,
    decimal Latest,
    string LatestPeriod,
    bool IsRestricted);

public sealed record DashboardData(
    string? StrategyTitle,
    IReadOnlyList<PriorityRag> Priorities,
    RagCounts Overall,
    int OverdueActions,
    int RedOrOverdueTotal,
    IReadOnlyList<AttentionAction> RedOrOverdue,
    IReadOnlyList<DashboardMilestone> Milestones,
    IReadOnlyList<OffTargetOutcome> OutcomesOffTarget)
{
    public static readonly DashboardData Empty = new(null, [], new RagCounts(new Dictionary<RagRating, int>()), 0, 0, [], [], []);
}

public sealed record SinceAction(int Id, string Reference, string Title, RagRating? RagThen, RagRating RagNow, DateOnly? DueDate, DateOnly? CompletedOn, bool IsRestricted);

public sealed record SinceReport(
    DateTime SinceUtc,
    IReadOnlyList<SinceAction> RagUp,
    IReadOnlyList<SinceAction> RagDown,
    IReadOnlyList<SinceAction> Completed,
    IReadOnlyList<SinceAction> Added,
    IReadOnlyList<SinceAction> BecameOverdue);

public sealed record MeetingOption(int Id, string Board, DateTime StartsAt);

public sealed record MeetingAction(
    int Id,
    string Reference,
    string Title,
    string? LeadOrganisation,
    string? LeadPerson,
    RagRating Rag,
    ActionStatus Status,
    int ProgressPercent,
    DateOnly? DueDate,
    bool IsOverdue,
    bool IsRestricted,
    string? LatestCommentary);

public sealed record MeetingPriority(int Id, string Code, string Title, RagCounts Counts, IReadOnlyList<MeetingAction> Actions);

/// <summary>
/// What a board reviews: the current strategy's RAG picture, what needs attention and what moved since a meeting.
/// Each part is one query projecting only what the page shows; restricted items are left out unless the viewer is
/// cleared.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// A board reads the most pressing few dozen, not thousands: the rest are counted and a link leads to the full list.
    /// </summary>
    public const int AttentionLimit = 50;

    public async Task<DashboardData> GetAsync(int partnershipId, Actor actor, DashboardFilter filter, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return DashboardData.Empty;
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return DashboardData.Empty;

        var priorities = await db.Priorities.Where(p => p.StrategyId == strategy.Id)
            .Where(p => filter.PriorityId == null || p.Id == filter.PriorityId)
            .OrderBy(p => p.Order).Select(p => new { p.Id, p.Code, p.Title }).ToListAsync(ct);
        var actions = Filtered(db, partnershipId, actor, strategy.Id, filter);
        var counts = await actions.GroupBy(a => new { a.PriorityId, a.Rag })
            .Select(g => new { g.Key.PriorityId, g.Key.Rag, Count = g.Count() }).ToListAsync(ct);
        var byPriority = priorities.Select(p => new PriorityRag(p.Id, p.Code, p.Title,
            new RagCounts(counts.Where(c => c.PriorityId == p.Id).ToDictionary(c => c.Rag, c => c.Count)))).ToList();
        var overall = new RagCounts(counts.GroupBy(c => c.Rag).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));

        var overdue = actions.Where(a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today);
        var redOrOverdue = actions.Where(a => a.Rag == RagRating.Red || ((a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today));
        var overdueCount = await overdue.CountAsync(ct);
        var attentionTotal = await redOrOverdue.CountAsync(ct);
        // Longest overdue first, then red actions by how soon they fall due.
        var attention = await redOrOverdue
            .OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate).ThenBy(a => a.Reference)
            .Take(AttentionLimit)
            .Select(a => new AttentionAction(
                a.Id, a.Reference, a.Title, a.Priority!.Code, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.Rag, a.DueDate,
                (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today,
                a.IsRestricted,
                a.StatusUpdates.OrderByDescending(u => u.RecordedAt).Select(u => u.Commentary).FirstOrDefault(),
                a.StatusUpdates.OrderByDescending(u => u.RecordedAt).Select(u => (DateTime?)u.RecordedAt).FirstOrDefault()))
            .ToListAsync(ct);

        return new DashboardData(
            strategy.Title,
            byPriority,
            overall,
            overdueCount,
            attentionTotal,
            attention,
            await MilestonesAsync(db, partnershipId, actor, filter, today, ct),
            await OutcomesOffTargetAsync(db, actor, strategy.Id, filter, ct));
    }

    /// <summary>What moved between an instant (a meeting's start, or the start of a chosen day) and now.</summary>
    public async Task<SinceReport> SinceAsync(int partnershipId, Actor actor, DashboardFilter filter, DateTime sinceUtc, CancellationToken ct = default)
    {
        var empty = new SinceReport(sinceUtc, [], [], [], [], []);
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return empty;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return empty;

        var rows = await Filtered(db, partnershipId, actor, strategy.Id, filter)
            .OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
            .Select(a => new
            {
                Row = new SinceAction(a.Id, a.Reference, a.Title,
                    a.StatusUpdates.Where(u => u.RecordedAt <= sinceUtc).OrderByDescending(u => u.RecordedAt).Select(u => (RagRating?)u.Rag).FirstOrDefault(),
                    a.Rag, a.DueDate, a.CompletedOn, a.IsRestricted),
                a.CreatedAt,
                a.Status,
            })
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Row.Id, r => r.Row);
        var changes = SinceLastMeeting.Compare(
            rows.Select(r => new ActionSince(r.Row.Id, r.CreatedAt, r.Row.RagThen, r.Row.RagNow, r.Status, r.Row.DueDate, r.Row.CompletedOn)),
            sinceUtc, time.GetUtcNow().UtcDateTime);
        List<SinceAction> Rows(IReadOnlyList<ActionSince> list) => list.Select(a => byId[a.Id]).ToList();
        return new SinceReport(sinceUtc, Rows(changes.RagUp), Rows(changes.RagDown), Rows(changes.Completed), Rows(changes.Added), Rows(changes.BecameOverdue));
    }

    /// <summary>The partnership's board meetings that have started, most recent first.</summary>
    public async Task<IReadOnlyList<MeetingOption>> PastMeetingsAsync(int partnershipId, Actor actor, int? boardId, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Meetings.Where(m => m.Board!.PartnershipId == partnershipId && m.StartsAt <= now)
            .Where(m => boardId == null || m.BoardId == boardId)
            .OrderByDescending(m => m.StartsAt)
            .Select(m => new MeetingOption(m.Id, m.Board!.Name, m.StartsAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The current strategy's priorities, each with every action the viewer may see in this part of the meeting: the
    /// public part never shows restricted items, even to someone cleared for them.
    /// </summary>
    public async Task<IReadOnlyList<MeetingPriority>> PrioritiesAsync(
        int partnershipId, Actor actor, DashboardFilter filter, bool privatePart, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        var viewer = privatePart && actor.IsCleared ? actor : actor with { IsCleared = false };
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return [];

        var priorities = await db.Priorities.Where(p => p.StrategyId == strategy.Id)
            .Where(p => filter.PriorityId == null || p.Id == filter.PriorityId)
            .OrderBy(p => p.Order).Select(p => new { p.Id, p.Code, p.Title }).ToListAsync(ct);
        var actions = await Filtered(db, partnershipId, viewer, strategy.Id, filter)
            .OrderBy(a => a.Rag == RagRating.Red ? 0 : a.Rag == RagRating.Amber ? 1 : a.Rag == RagRating.NotStarted ? 2 : a.Rag == RagRating.Green ? 3 : 4)
            .ThenBy(a => a.Reference)
            .Select(a => new
            {
                a.PriorityId,
                Row = new MeetingAction(
                    a.Id, a.Reference, a.Title, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.Rag, a.Status, a.ProgressPercent, a.DueDate,
                    (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today,
                    a.IsRestricted,
                    a.StatusUpdates.OrderByDescending(u => u.RecordedAt).Select(u => u.Commentary).FirstOrDefault()),
            })
            .ToListAsync(ct);
        var byPriority = actions.ToLookup(a => a.PriorityId, a => a.Row);
        return priorities.Select(p =>
        {
            var rows = byPriority[p.Id].ToList();
            return new MeetingPriority(p.Id, p.Code, p.Title,
                new RagCounts(rows.GroupBy(r => r.Rag).ToDictionary(g => g.Key, g => g.Count())), rows);
        }).ToList();
    }

    private sealed record StrategyRef(int Id, string Title);

    /// <summary>The adopted strategy, or failing that the latest one.</summary>
    private static Task<StrategyRef?> CurrentStrategyAsync(AppDbContext db, int partnershipId, CancellationToken ct) =>
        db.Strategies.Where(s => s.PartnershipId == partnershipId)
            .OrderBy(s => s.Status == StrategyStatus.Adopted ? 0 : 1).ThenByDescending(s => s.PeriodStart)
            .Select(s => new StrategyRef(s.Id, s.Title))
            .FirstOrDefaultAsync(ct);

    private static IQueryable<Action> Filtered(AppDbContext db, int partnershipId, Actor actor, int strategyId, DashboardFilter filter)
    {
        var query = ActionQueries.Visible(db, partnershipId, actor).Where(a => a.Priority!.StrategyId == strategyId);
        if (filter.PriorityId is { } priority) query = query.Where(a => a.PriorityId == priority);
        if (filter.BoardId is { } board) query = query.Where(a => a.BoardId == board);
        if (filter.LeadOrganisationId is { } org) query = query.Where(a => a.LeadOrganisationId == org);
        return query;
    }

    private static async Task<IReadOnlyList<DashboardMilestone>> MilestonesAsync(
        AppDbContext db, int partnershipId, Actor actor, DashboardFilter filter, DateOnly today, CancellationToken ct)
    {
        var horizon = today.AddDays(MilestoneHorizon.Days[^1]);
        var query = db.Milestones.Where(m => m.PartnershipId == partnershipId && m.CompletedOn == null && m.DueDate <= horizon
                                             && (actor.IsCleared || (!m.IsRestricted && (m.Action == null || !m.Action.IsRestricted))));
        // A milestone belongs to a priority or lead through its action; to a board through its action or its sign-off.
        if (filter.PriorityId is { } priority) query = query.Where(m => m.Action!.PriorityId == priority);
        if (filter.LeadOrganisationId is { } org) query = query.Where(m => m.Action!.LeadOrganisationId == org);
        if (filter.BoardId is { } board) query = query.Where(m => m.SignOffBoardId == board || m.Action!.BoardId == board);
        var rows = await query.OrderBy(m => m.DueDate).ThenBy(m => m.Title)
            .Select(m => new { m.Id, m.Title, m.DueDate, m.Kind, m.IsRestricted }).ToListAsync(ct);
        return rows.Select(m => new DashboardMilestone(m.Id, m.Title, m.DueDate, m.Kind, m.IsRestricted, MilestoneHorizon.For(m.DueDate, today)!.Value)).ToList();
    }

    private static async Task<IReadOnlyList<OffTargetOutcome>> OutcomesOffTargetAsync(
        AppDbContext db, Actor actor, int strategyId, DashboardFilter filter, CancellationToken ct)
    {
        var planStart = await db.Strategies.Where(s => s.Id == strategyId).Select(s => s.PeriodStart).SingleAsync(ct);
        var tolerance = await db.Strategies.Where(s => s.Id == strategyId).Select(s => s.Partnership!.Settings.OutcomeTolerancePercent).SingleAsync(ct);
        var rows = await db.Outcomes.Where(o => o.Priority!.StrategyId == strategyId && (actor.IsCleared || !o.IsRestricted))
            .Where(o => filter.PriorityId == null || o.PriorityId == filter.PriorityId)
            .OrderBy(o => o.Priority!.Order).ThenBy(o => o.Title)
            .Select(o => new
            {
                o.Id, o.Title, o.Priority!.Code, o.Unit, o.Direction, o.BaselineValue, o.TargetValue, o.TargetDate, o.IsRestricted,
                Latest = o.Measurements.OrderByDescending(m => m.PeriodEnd).Select(m => new { m.Value, m.Period, m.PeriodEnd }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // Off target means what the outcomes page and the scrutiny report call Red, judged by the same rule.
        return rows.Where(o => o.Latest is not null && OutcomeRating.Rate(
                new Outcome { Direction = o.Direction, BaselineValue = o.BaselineValue, TargetValue = o.TargetValue, TargetDate = o.TargetDate },
                o.Latest.Value, tolerance, (planStart, o.Latest.PeriodEnd)) == RagRating.Red)
            .Select(o => new OffTargetOutcome(o.Id, o.Title, o.Code, o.Unit, o.Direction, o.TargetValue, o.Latest!.Value, o.Latest.Period, o.IsRestricted))
            .ToList();
    }
}
