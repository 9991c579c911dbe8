using System.Globalization;
using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Milestones;

public sealed record MilestoneRow(
    int Id,
    string Title,
    MilestoneKind Kind,
    DateOnly DueDate,
    DateOnly? CompletedOn,
    int? OwnerId,
    string? Owner,
    string? SignOffBoard,
    int? ActionId,
    string? ActionReference,
    string? ActionTitle,
    string? Strategy,
    bool IsRestricted);

public sealed record MilestoneMonth(DateOnly Month, IReadOnlyList<MilestoneRow> Milestones)
{
    public string Label => Month.ToString("MMMM yyyy", UkCulture.Instance);
}

/// <summary>Overdue milestones first, then the rest by the month they fall due, as a coordinator plans the year.</summary>
public sealed record MilestoneSchedule(IReadOnlyList<MilestoneRow> Overdue, IReadOnlyList<MilestoneMonth> Months)
{
    public static MilestoneSchedule Of(IEnumerable<MilestoneRow> rows, DateOnly today)
    {
        var list = rows.OrderBy(r => r.DueDate).ThenBy(r => r.Title, StringComparer.Create(CultureInfo.InvariantCulture, true)).ToList();
        var overdue = list.Where(r => r.CompletedOn is null && r.DueDate < today).ToList();
        var months = list.Except(overdue)
            .GroupBy(r => new DateOnly(r.DueDate.Year, r.DueDate.Month, 1))
            .Select(g => new MilestoneMonth(g.Key, g.ToList()))
            .ToList();
        return new MilestoneSchedule(overdue, months);
    }
}

public sealed record MilestoneEditOptions(
    IReadOnlyList<NamedOption> People,
    IReadOnlyList<NamedOption> Boards,
    IReadOnlyList<NamedOption> Actions,
    IReadOnlyList<NamedOption> Strategies);

/// <summary>Reads milestones for the list and the edit form; restricted ones never leave here for someone not cleared.</summary>
public sealed class MilestoneQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<MilestoneSchedule> ScheduleAsync(int partnershipId, Actor actor, bool includeCompleted, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return new MilestoneSchedule([], []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visible(db, partnershipId, actor);
        if (!includeCompleted) query = query.Where(m => m.CompletedOn == null);
        var rows = await query
            .Select(m => new MilestoneRow(
                m.Id, m.Title, m.Kind, m.DueDate, m.CompletedOn, m.OwnerId, m.Owner!.Name, m.SignOffBoard!.Name,
                // A milestone anyone may see can hang on a restricted action: that action is not named to them.
                m.Action != null && (actor.IsCleared || !m.Action.IsRestricted) ? m.ActionId : null,
                m.Action != null && (actor.IsCleared || !m.Action.IsRestricted) ? m.Action.Reference : null,
                m.Action != null && (actor.IsCleared || !m.Action.IsRestricted) ? m.Action.Title : null,
                m.Strategy!.Title, m.IsRestricted))
            .ToListAsync(ct);
        return MilestoneSchedule.Of(rows, time.Today());
    }

    public async Task<Milestone?> FindAsync(int partnershipId, int id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visible(db, partnershipId, actor).AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
    }

    public async Task<MilestoneEditOptions> EditOptionsAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await db.People.Where(p => p.PartnershipId == partnershipId).OrderBy(p => p.Name)
            .Select(p => new NamedOption(p.Id, p.Name)).ToListAsync(ct);
        var boards = await db.Boards.Where(b => b.PartnershipId == partnershipId).OrderBy(b => b.Name)
            .Select(b => new NamedOption(b.Id, b.Name)).ToListAsync(ct);
        var actions = await ActionQueries.Visible(db, partnershipId, actor).OrderBy(a => a.Reference)
            .Select(a => new NamedOption(a.Id, a.Reference + " · " + a.Title)).ToListAsync(ct);
        var strategies = await db.Strategies.Where(s => s.PartnershipId == partnershipId).OrderByDescending(s => s.PeriodStart)
            .Select(s => new NamedOption(s.Id, s.Title)).ToListAsync(ct);
        return new MilestoneEditOptions(people, boards, actions, strategies);
    }

    internal static IQueryable<Milestone> Visible(AppDbContext db, int partnershipId, Actor actor) =>
        db.Milestones.Where(m => m.PartnershipId == partnershipId && (actor.IsCleared || !m.IsRestricted));
}
