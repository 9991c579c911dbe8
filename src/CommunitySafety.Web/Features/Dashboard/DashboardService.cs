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

/// <summary>The open milestones of one horizon (0 is overdue): how many, and the first few by due date.</summary>
public sealed record MilestoneHorizonList(int Horizon, int Total, IReadOnlyList<DashboardMilestone> Shown);

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
    IReadOnlyList<MilestoneHorizonList> Milestones,
    IReadOnlyList<OffTargetOutcome> OutcomesOffTarget)
{
    public static readonly DashboardData Empty = new(null, [], new RagCounts(new Dictionary<RagRating, int>()), 0, 0, [], [], []);

    public int OverdueMilestones => Milestones.FirstOrDefault(m => m.Horizon == 0)?.Total ?? 0;
}

public sealed record SinceAction(int Id, string Reference, string Title, RagRating? RagThen, RagRating RagNow, DateOnly? DueDate, DateOnly? CompletedOn, bool IsRestricted);

/// <summary>
/// What moved since an instant. Each list holds at most the limit asked for, in plan order; <see cref="Totals"/> says
/// how many there are in all.
/// </summary>
/// <summary>One action as "since the last meeting" compares it, with what the dashboard's filters pick by.</summary>
public sealed record SinceRow(ActionSince Action, int PriorityId, int? BoardId, int? LeadOrganisationId);

/// <summary>Every action a viewer may see, compared from one instant: shared by every filter's "since" lists.</summary>
public sealed record SinceRows(DateTime SinceUtc, IReadOnlyList<SinceRow> Rows)
{
    public static SinceRows Empty(DateTime sinceUtc) => new(sinceUtc, []);
}

public sealed record SinceReport(
    DateTime SinceUtc,
    IReadOnlyList<SinceAction> RagUp,
    IReadOnlyList<SinceAction> RagDown,
    IReadOnlyList<SinceAction> Completed,
    IReadOnlyList<SinceAction> Added,
    IReadOnlyList<SinceAction> BecameOverdue,
    SinceTotals Totals)
{
    public static SinceReport Empty(DateTime sinceUtc) => new(sinceUtc, [], [], [], [], [], new SinceTotals(0, 0, 0, 0, 0));
}

public sealed record SinceTotals(int RagUp, int RagDown, int Completed, int Added, int BecameOverdue);

/// <summary>One of the lists shown in full, a page at a time: <see cref="List"/> is "up", "down", "completed", "added" or "overdue".</summary>
public sealed record SincePage(string List, int From, int Take)
{
    public static readonly IReadOnlyList<string> Lists = ["down", "up", "overdue", "completed", "added"];
}

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

/// <summary>
/// A priority with its RAG counts and its actions, worst first. <see cref="Actions"/> may be one page of them:
/// <see cref="Skipped"/> come before it and <see cref="Counts"/> covers them all.
/// </summary>
public sealed record MeetingPriority(int Id, string Code, string Title, RagCounts Counts, IReadOnlyList<MeetingAction> Actions, int Skipped = 0)
{
    public int Total => Counts.Total;
}

/// <summary>
/// What a board reviews: the current strategy's RAG picture, what needs attention and what moved since a meeting.
/// Each part is one query projecting only what the page shows; restricted items are left out unless the viewer is
/// cleared.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, RatingsAtInstant ratingsThen)
{
    /// <summary>
    /// A board reads the most pressing few, not thousands: about a projector screen's worth, the rest counted and a
    /// link to the full list. Every open dashboard fetches its page again after each change, so each row shown costs
    /// every viewer's browser and the server once per change.
    /// </summary>
    public const int AttentionLimit = 25;

    /// <summary>How many milestones or changes a dashboard list shows (a screen's column) before it says how many more there are.</summary>
    public const int ListLimit = 10;

    /// <summary>How many of one "since" list a page shows when the person asks to see all of it.</summary>
    public const int SincePageRows = 50;

    public async Task<DashboardData> GetAsync(int partnershipId, Actor actor, DashboardFilter filter, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return DashboardData.Empty;
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return DashboardData.Empty;

        var priorities = await PrioritiesOfAsync(db, strategy.Id, filter, ct);
        var actions = Filtered(db, partnershipId, actor, strategy.Id, filter);
        // One pass over the actions gives the RAG counts, the overdue count and the attention total.
        var counts = await actions
            .GroupBy(a => new { a.PriorityId, a.Rag, Overdue = (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today })
            .Select(g => new { g.Key.PriorityId, g.Key.Rag, g.Key.Overdue, Count = g.Count() }).ToListAsync(ct);
        var byPriority = priorities.Select(p => new PriorityRag(p.Id, p.Code, p.Title,
            new RagCounts(counts.Where(c => c.PriorityId == p.Id).GroupBy(c => c.Rag).ToDictionary(g => g.Key, g => g.Sum(c => c.Count))))).ToList();
        var overall = new RagCounts(counts.GroupBy(c => c.Rag).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));
        var overdueCount = counts.Where(c => c.Overdue).Sum(c => c.Count);
        var attentionTotal = counts.Where(c => c.Overdue || c.Rag == RagRating.Red).Sum(c => c.Count);

        var redOrOverdue = actions.Where(a => a.Rag == RagRating.Red || ((a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today));
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
            await MilestonesAsync(db, partnershipId, actor, filter, today, ListLimit, ct),
            await OutcomesOffTargetAsync(db, actor, strategy, filter, ct));
    }

    /// <summary>
    /// What moved between an instant (a meeting's start, or the start of a chosen day) and now: every action is
    /// compared on a few narrow columns with its rating then (read once per instant: <see cref="RatingsAtInstant"/>),
    /// and only the <paramref name="limit"/> shown of each list are read in full.
    /// </summary>
    public async Task<SinceReport> SinceAsync(
        int partnershipId, Actor actor, DashboardFilter filter, DateTime sinceUtc, int limit = int.MaxValue, SincePage? page = null, CancellationToken ct = default) =>
        await SinceAsync(await SinceRowsAsync(partnershipId, actor, sinceUtc, ct), filter, limit, page, ct);

    /// <summary>
    /// Every action of the current strategy the viewer may see, in plan order, with its rating at the instant and now:
    /// what <see cref="SinceAsync(SinceRows, DashboardFilter, int, SincePage?, CancellationToken)"/> compares, for any filter.
    /// </summary>
    public async Task<SinceRows> SinceRowsAsync(int partnershipId, Actor actor, DateTime sinceUtc, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return SinceRows.Empty(sinceUtc);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return SinceRows.Empty(sinceUtc);

        var then = await ratingsThen.ForAsync(partnershipId, sinceUtc, ct);
        var rows = (await Filtered(db, partnershipId, actor, strategy.Id, new DashboardFilter())
                .OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
                .Select(a => new { a.Id, a.CreatedAt, a.Rag, a.Status, a.DueDate, a.CompletedOn, a.PriorityId, a.BoardId, a.LeadOrganisationId })
                .ToListAsync(ct))
            .Select(a => new SinceRow(new ActionSince(a.Id, a.CreatedAt, then.GetValueOrDefault(a.Id), a.Rag, a.Status, a.DueDate, a.CompletedOn),
                a.PriorityId, a.BoardId, a.LeadOrganisationId))
            .ToList();
        return new SinceRows(sinceUtc, rows);
    }

    /// <summary>What moved among <paramref name="rows"/> that the filter picks: compared in memory, and only the listed read in full.</summary>
    public async Task<SinceReport> SinceAsync(SinceRows rows, DashboardFilter filter, int limit = int.MaxValue, SincePage? page = null, CancellationToken ct = default)
    {
        if (rows.Rows.Count == 0) return SinceReport.Empty(rows.SinceUtc);
        var picked = rows.Rows
            .Where(r => (filter.PriorityId is not { } priority || r.PriorityId == priority)
                        && (filter.BoardId is not { } board || r.BoardId == board)
                        && (filter.LeadOrganisationId is not { } org || r.LeadOrganisationId == org))
            .Select(r => r.Action);
        var changes = SinceLastMeeting.Compare(picked, rows.SinceUtc, time.GetUtcNow().UtcDateTime);
        var lists = new[] { ("up", changes.RagUp), ("down", changes.RagDown), ("completed", changes.Completed), ("added", changes.Added), ("overdue", changes.BecameOverdue) }
            .Select(l => (page is not null && page.List == l.Item1 ? l.Item2.Skip(page.From).Take(page.Take) : l.Item2.Take(limit)).ToList()).ToList();
        var ids = lists.SelectMany(l => l.Select(a => a.Id)).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.Actions.Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Reference, a.Title, a.IsRestricted }).ToDictionaryAsync(a => a.Id, ct);
        List<SinceAction> Rows(List<ActionSince> list) => list.Select(a =>
        {
            var n = names[a.Id];
            return new SinceAction(a.Id, n.Reference, n.Title, a.RagThen, a.RagNow, a.DueDate, a.CompletedOn, n.IsRestricted);
        }).ToList();
        return new SinceReport(rows.SinceUtc, Rows(lists[0]), Rows(lists[1]), Rows(lists[2]), Rows(lists[3]), Rows(lists[4]),
            new SinceTotals(changes.RagUp.Count, changes.RagDown.Count, changes.Completed.Count, changes.Added.Count, changes.BecameOverdue.Count));
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
    /// The current strategy's priorities, each with the actions the viewer may see in this part of the meeting, worst
    /// first: all of them, or the page of <paramref name="take"/> after <paramref name="skip"/> of each priority. The
    /// public part never shows restricted items, even to someone cleared for them. Meeting mode leaves out the
    /// commentary it does not show.
    /// </summary>
    public async Task<IReadOnlyList<MeetingPriority>> PrioritiesAsync(
        int partnershipId, Actor actor, DashboardFilter filter, bool privatePart, bool withCommentary = true, int skip = 0, int take = int.MaxValue,
        CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        var viewer = privatePart && actor.IsCleared ? actor : actor with { IsCleared = false };
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await CurrentStrategyAsync(db, partnershipId, ct);
        if (strategy is null) return [];

        var priorities = await PrioritiesOfAsync(db, strategy.Id, filter, ct);
        var actions = Filtered(db, partnershipId, viewer, strategy.Id, filter);
        var counts = (await actions.GroupBy(a => new { a.PriorityId, a.Rag }).Select(g => new { g.Key.PriorityId, g.Key.Rag, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(c => c.PriorityId);
        ILookup<int, MeetingAction> rows;
        if (skip == 0 && take == int.MaxValue)
        {
            rows = (await Rows(actions, today, withCommentary).ToListAsync(ct)).ToLookup(r => r.PriorityId, r => r.Row);
        }
        else
        {
            // A page of each priority: one small query each rather than every action read to keep a few.
            var pages = new List<(int PriorityId, MeetingAction Row)>();
            foreach (var p in priorities)
            {
                pages.AddRange((await Rows(actions.Where(a => a.PriorityId == p.Id), today, withCommentary).Skip(skip).Take(take).ToListAsync(ct))
                    .Select(r => (r.PriorityId, r.Row)));
            }

            rows = pages.ToLookup(r => r.PriorityId, r => r.Row);
        }

        return priorities.Select(p => new MeetingPriority(p.Id, p.Code, p.Title,
            new RagCounts(counts[p.Id].ToDictionary(c => c.Rag, c => c.Count)), rows[p.Id].ToList(), skip)).ToList();
    }

    private sealed record PriorityRow(int PriorityId, MeetingAction Row);

    /// <summary>Worst first (red, amber, not started, green, complete), then by reference.</summary>
    private static IQueryable<PriorityRow> Rows(IQueryable<Action> actions, DateOnly today, bool withCommentary)
    {
        var ordered = actions
            .OrderBy(a => a.Rag == RagRating.Red ? 0 : a.Rag == RagRating.Amber ? 1 : a.Rag == RagRating.NotStarted ? 2 : a.Rag == RagRating.Green ? 3 : 4)
            .ThenBy(a => a.Reference);
        return withCommentary
            ? ordered.Select(a => new PriorityRow(a.PriorityId, new MeetingAction(
                a.Id, a.Reference, a.Title, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.Rag, a.Status, a.ProgressPercent, a.DueDate,
                (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today,
                a.IsRestricted,
                a.StatusUpdates.OrderByDescending(u => u.RecordedAt).Select(u => u.Commentary).FirstOrDefault())))
            : ordered.Select(a => new PriorityRow(a.PriorityId, new MeetingAction(
                a.Id, a.Reference, a.Title, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.Rag, a.Status, a.ProgressPercent, a.DueDate,
                (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today,
                a.IsRestricted,
                null)));
    }

    private sealed record PriorityRef(int Id, string Code, string Title);

    private static Task<List<PriorityRef>> PrioritiesOfAsync(AppDbContext db, int strategyId, DashboardFilter filter, CancellationToken ct) =>
        db.Priorities.Where(p => p.StrategyId == strategyId)
            .Where(p => filter.PriorityId == null || p.Id == filter.PriorityId)
            .OrderBy(p => p.Order).Select(p => new PriorityRef(p.Id, p.Code, p.Title)).ToListAsync(ct);

    private sealed record StrategyRef(int Id, string Title, DateOnly PeriodStart, decimal OutcomeTolerancePercent);

    /// <summary>The adopted strategy, or failing that the latest one.</summary>
    private static Task<StrategyRef?> CurrentStrategyAsync(AppDbContext db, int partnershipId, CancellationToken ct) =>
        db.Strategies.Where(s => s.PartnershipId == partnershipId)
            .OrderBy(s => s.Status == StrategyStatus.Adopted ? 0 : 1).ThenByDescending(s => s.PeriodStart)
            .Select(s => new StrategyRef(s.Id, s.Title, s.PeriodStart, s.Partnership!.Settings.OutcomeTolerancePercent))
            .FirstOrDefaultAsync(ct);

    private static IQueryable<Action> Filtered(AppDbContext db, int partnershipId, Actor actor, int strategyId, DashboardFilter filter)
    {
        var query = ActionQueries.Visible(db, partnershipId, actor).Where(a => a.Priority!.StrategyId == strategyId);
        if (filter.PriorityId is { } priority) query = query.Where(a => a.PriorityId == priority);
        if (filter.BoardId is { } board) query = query.Where(a => a.BoardId == board);
        if (filter.LeadOrganisationId is { } org) query = query.Where(a => a.LeadOrganisationId == org);
        return query;
    }

    /// <summary>Per horizon (overdue, 30, 60 and 90 days) how many open milestones there are and the first few: never the lot.</summary>
    private static async Task<IReadOnlyList<MilestoneHorizonList>> MilestonesAsync(
        AppDbContext db, int partnershipId, Actor actor, DashboardFilter filter, DateOnly today, int limit, CancellationToken ct)
    {
        var horizon = today.AddDays(MilestoneHorizon.Days[^1]);
        var query = db.Milestones.Where(m => m.PartnershipId == partnershipId && m.CompletedOn == null && m.DueDate <= horizon
                                             && (actor.IsCleared || (!m.IsRestricted && (m.Action == null || !m.Action.IsRestricted))));
        // A milestone belongs to a priority or lead through its action; to a board through its action or its sign-off.
        if (filter.PriorityId is { } priority) query = query.Where(m => m.Action!.PriorityId == priority);
        if (filter.LeadOrganisationId is { } org) query = query.Where(m => m.Action!.LeadOrganisationId == org);
        if (filter.BoardId is { } board) query = query.Where(m => m.SignOffBoardId == board || m.Action!.BoardId == board);

        // One pass counts every horizon: 0 is everything before today, each other runs on from the one before it.
        var d30 = today.AddDays(MilestoneHorizon.Days[0]);
        var d60 = today.AddDays(MilestoneHorizon.Days[1]);
        var totals = (await query
                .GroupBy(m => m.DueDate < today ? 0 : m.DueDate <= d30 ? MilestoneHorizon.Days[0] : m.DueDate <= d60 ? MilestoneHorizon.Days[1] : MilestoneHorizon.Days[2])
                .Select(g => new { Horizon = g.Key, Count = g.Count() })
                .ToListAsync(ct))
            .ToDictionary(t => t.Horizon, t => t.Count);

        var lists = new List<MilestoneHorizonList>();
        var from = DateOnly.MinValue;
        foreach (var days in new[] { 0 }.Concat(MilestoneHorizon.Days))
        {
            var until = days == 0 ? today.AddDays(-1) : today.AddDays(days);
            var start = from;
            var total = totals.GetValueOrDefault(days);
            var shown = total == 0 ? [] : await query.Where(m => m.DueDate >= start && m.DueDate <= until)
                .OrderBy(m => m.DueDate).ThenBy(m => m.Title).Take(limit)
                .Select(m => new DashboardMilestone(m.Id, m.Title, m.DueDate, m.Kind, m.IsRestricted, days)).ToListAsync(ct);
            lists.Add(new MilestoneHorizonList(days, total, shown));
            from = until.AddDays(1);
        }

        return lists;
    }

    private static async Task<IReadOnlyList<OffTargetOutcome>> OutcomesOffTargetAsync(
        AppDbContext db, Actor actor, StrategyRef strategy, DashboardFilter filter, CancellationToken ct)
    {
        var planStart = strategy.PeriodStart;
        var tolerance = strategy.OutcomeTolerancePercent;
        var rows = await db.Outcomes.Where(o => o.Priority!.StrategyId == strategy.Id && (actor.IsCleared || !o.IsRestricted))
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
