using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Actions;

public sealed record ActionFilter
{
    public string? Search { get; init; }
    public int? PriorityId { get; init; }
    public int? BoardId { get; init; }
    public int? LeadOrganisationId { get; init; }
    public RagRating? Rag { get; init; }
    public ActionStatus? Status { get; init; }
    public bool OverdueOnly { get; init; }
}

/// <summary>The action list's columns, each sortable both ways; ties always fall back to plan order.</summary>
public enum ActionSort
{
    /// <summary>Plan order: the priority's order, then the reference.</summary>
    Reference,
    Lead,
    Board,
    DueDate,
    Status,

    /// <summary>By severity: red first, then amber, green, not started and complete.</summary>
    Rag,
    Progress,
}

public sealed record ActionRow(
    int Id,
    string Reference,
    string Title,
    string PriorityTitle,
    string? LeadOrganisation,
    string? LeadPerson,
    int? LeadPersonId,
    string? Board,
    DateOnly? DueDate,
    ActionStatus Status,
    RagRating Rag,
    int ProgressPercent,
    bool IsRestricted,
    bool IsOverdue);

public sealed record ActionPage(IReadOnlyList<ActionRow> Rows, int Total);

public sealed record NamedOption(int Id, string Name);

public sealed record ActionFilterOptions(
    IReadOnlyList<NamedOption> Priorities,
    IReadOnlyList<NamedOption> Boards,
    IReadOnlyList<NamedOption> Organisations,
    IReadOnlyList<NamedOption> People);

/// <summary>Reads the action plan for lists and detail pages; every query leaves out what the user may not see.</summary>
public sealed class ActionQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<ActionPage> ListAsync(
        int partnershipId, Actor actor, ActionFilter filter, ActionSort sort, bool descending, int skip, int take, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return new ActionPage([], 0);
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visible(db, partnershipId, actor);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // Lower-cased on both sides: SQLite's LIKE ignores case and PostgreSQL's does not.
            var term = filter.Search.Trim().ToLowerInvariant();
            query = query.Where(a => a.Title.ToLower().Contains(term) || a.Reference.ToLower().Contains(term)
                                     || (a.Description != null && a.Description.ToLower().Contains(term)));
        }

        if (filter.PriorityId is { } priority) query = query.Where(a => a.PriorityId == priority);
        if (filter.BoardId is { } board) query = query.Where(a => a.BoardId == board);
        if (filter.LeadOrganisationId is { } org) query = query.Where(a => a.LeadOrganisationId == org);
        if (filter.Rag is { } rag) query = query.Where(a => a.Rag == rag);
        if (filter.Status is { } status) query = query.Where(a => a.Status == status);
        if (filter.OverdueOnly)
        {
            query = query.Where(a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today);
        }

        var total = await query.CountAsync(ct);
        var rows = await Sorted(query, sort, descending).Skip(skip).Take(take)
            .Select(a => new ActionRow(
                a.Id, a.Reference, a.Title, a.Priority!.Title, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.LeadPersonId,
                a.Board!.Name, a.DueDate, a.Status, a.Rag, a.ProgressPercent, a.IsRestricted,
                (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today))
            .ToListAsync(ct);
        return new ActionPage(rows, total);
    }

    /// <summary>
    /// Status and RAG are stored as words, so they are put in the partnership's order here rather than the
    /// alphabet's; names sort regardless of capitals ("MK Act" after "Milton Keynes Council") on every database. Empty
    /// leads, boards and due dates go last whichever way the column is sorted.
    /// </summary>
    private static IQueryable<Action> Sorted(IQueryable<Action> query, ActionSort sort, bool descending)
    {
        if (sort == ActionSort.Reference)
        {
            return descending
                ? query.OrderByDescending(a => a.Priority!.Order).ThenByDescending(a => a.Reference)
                : query.OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference);
        }

        var ordered = sort switch
        {
            ActionSort.Lead => By(query.OrderBy(a => a.LeadOrganisationId == null), a => a.LeadOrganisation!.Name.ToLower(), descending),
            ActionSort.Board => By(query.OrderBy(a => a.BoardId == null), a => a.Board!.Name.ToLower(), descending),
            ActionSort.DueDate => By(query.OrderBy(a => a.DueDate == null), a => a.DueDate, descending),
            ActionSort.Status => descending ? query.OrderByDescending(StatusOrder) : query.OrderBy(StatusOrder),
            ActionSort.Rag => descending ? query.OrderByDescending(Severity) : query.OrderBy(Severity),
            _ => descending ? query.OrderByDescending(a => a.ProgressPercent) : query.OrderBy(a => a.ProgressPercent),
        };
        // Ties in plan order, so paging never repeats or skips a row.
        return ordered.ThenBy(a => a.Priority!.Order).ThenBy(a => a.Reference);
    }

    private static IOrderedQueryable<Action> By<TKey>(IOrderedQueryable<Action> query, Expression<Func<Action, TKey>> key, bool descending) =>
        descending ? query.ThenByDescending(key) : query.ThenBy(key);

    private static readonly Expression<Func<Action, int>> Severity = a =>
        a.Rag == RagRating.Red ? 0 : a.Rag == RagRating.Amber ? 1 : a.Rag == RagRating.Green ? 2 : a.Rag == RagRating.NotStarted ? 3 : 4;

    private static readonly Expression<Func<Action, int>> StatusOrder = a =>
        a.Status == ActionStatus.NotStarted ? 0 : a.Status == ActionStatus.InProgress ? 1 : a.Status == ActionStatus.Completed ? 2
        : a.Status == ActionStatus.Deferred ? 3 : 4;

    public async Task<ActionFilterOptions> FilterOptionsAsync(int partnershipId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var priorities = await db.Priorities.Where(p => p.Strategy!.PartnershipId == partnershipId)
            .OrderBy(p => p.Strategy!.Status == StrategyStatus.Adopted ? 0 : 1).ThenBy(p => p.Order)
            .Select(p => new NamedOption(p.Id, p.Code + " · " + p.Title)).ToListAsync(ct);
        var boards = await db.Boards.Where(b => b.PartnershipId == partnershipId).OrderBy(b => b.Name)
            .Select(b => new NamedOption(b.Id, b.Name)).ToListAsync(ct);
        var orgs = await db.Organisations.Where(o => o.PartnershipId == partnershipId).OrderBy(o => o.Name)
            .Select(o => new NamedOption(o.Id, o.Name)).ToListAsync(ct);
        var people = await db.People.Where(p => p.PartnershipId == partnershipId).OrderBy(p => p.Name)
            .Select(p => new NamedOption(p.Id, p.Name)).ToListAsync(ct);
        return new ActionFilterOptions(priorities, boards, orgs, people);
    }

    /// <summary>One action with what its page shows, or null when it does not exist or the user may not see it.</summary>
    public async Task<Action?> FindAsync(int partnershipId, int actionId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, partnershipId, actor).AsNoTracking()
            .Include(a => a.Priority)
            .Include(a => a.LeadOrganisation)
            .Include(a => a.LeadPerson)
            .Include(a => a.DeputyPerson)
            .Include(a => a.Board)
            .Include(a => a.Milestones.Where(m => actor.IsCleared || !m.IsRestricted))
            .Include(a => a.FundingAllocations).ThenInclude(f => f.FundingStream)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == actionId, ct);
    }

    internal static IQueryable<Action> Visible(AppDbContext db, int partnershipId, Actor actor) =>
        db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && (actor.IsCleared || !a.IsRestricted));
}
