using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
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

public enum ActionSort
{
    Reference,
    Title,
    DueDate,
    Rag,
    Status,
    Lead,
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
        query = (sort, descending) switch
        {
            (ActionSort.Title, false) => query.OrderBy(a => a.Title),
            (ActionSort.Title, true) => query.OrderByDescending(a => a.Title),
            (ActionSort.DueDate, false) => query.OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate),
            (ActionSort.DueDate, true) => query.OrderByDescending(a => a.DueDate),
            (ActionSort.Rag, false) => query.OrderBy(a => a.Rag),
            (ActionSort.Rag, true) => query.OrderByDescending(a => a.Rag),
            (ActionSort.Status, false) => query.OrderBy(a => a.Status),
            (ActionSort.Status, true) => query.OrderByDescending(a => a.Status),
            (ActionSort.Lead, false) => query.OrderBy(a => a.LeadOrganisation!.Name),
            (ActionSort.Lead, true) => query.OrderByDescending(a => a.LeadOrganisation!.Name),
            (_, true) => query.OrderByDescending(a => a.Priority!.Order).ThenByDescending(a => a.Reference),
            _ => query.OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference),
        };
        var rows = await query.Skip(skip).Take(take)
            .Select(a => new ActionRow(
                a.Id, a.Reference, a.Title, a.Priority!.Title, a.LeadOrganisation!.Name, a.LeadPerson!.Name, a.LeadPersonId,
                a.Board!.Name, a.DueDate, a.Status, a.Rag, a.ProgressPercent, a.IsRestricted,
                (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today))
            .ToListAsync(ct);
        return new ActionPage(rows, total);
    }

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
            .Include(a => a.Board)
            .Include(a => a.Milestones.Where(m => actor.IsCleared || !m.IsRestricted))
            .Include(a => a.FundingAllocations).ThenInclude(f => f.FundingStream)
            .AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == actionId, ct);
    }

    internal static IQueryable<Action> Visible(AppDbContext db, int partnershipId, Actor actor) =>
        db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && (actor.IsCleared || !a.IsRestricted));
}
