using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Partnerships;

public sealed record PartnershipOverview(
    string? StrategyTitle,
    StrategyStatus? StrategyStatus,
    IReadOnlyDictionary<RagRating, int> ActionsByRag,
    int OverdueActions,
    int OverdueMilestones,
    IReadOnlyList<UpcomingMilestone> NextMilestones,
    int Boards,
    int Organisations);

public sealed record UpcomingMilestone(int Id, string Title, DateOnly DueDate, MilestoneKind Kind, bool IsRestricted);

public sealed class PartnershipOverviewService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<PartnershipOverview> GetAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        var today = time.Today();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = await db.Strategies
            .Where(s => s.PartnershipId == partnershipId)
            .OrderBy(s => s.Status == StrategyStatus.Adopted ? 0 : 1).ThenByDescending(s => s.PeriodStart)
            .Select(s => new { s.Title, s.Status })
            .FirstOrDefaultAsync(ct);
        var actions = db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && (actor.IsCleared || !a.IsRestricted));
        var byRag = await actions.GroupBy(a => a.Rag).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdueActions = await actions.CountAsync(
            a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today, ct);
        var milestones = db.Milestones.Where(m => m.PartnershipId == partnershipId && (actor.IsCleared || !m.IsRestricted) && m.CompletedOn == null);
        var overdueMilestones = await milestones.CountAsync(m => m.DueDate < today, ct);
        var next = await milestones.Where(m => m.DueDate >= today).OrderBy(m => m.DueDate).Take(5)
            .Select(m => new UpcomingMilestone(m.Id, m.Title, m.DueDate, m.Kind, m.IsRestricted)).ToListAsync(ct);
        return new PartnershipOverview(
            strategy?.Title,
            strategy?.Status,
            Enum.GetValues<RagRating>().ToDictionary(r => r, r => byRag.FirstOrDefault(x => x.Key == r)?.Count ?? 0),
            overdueActions,
            overdueMilestones,
            next,
            await db.Boards.CountAsync(b => b.PartnershipId == partnershipId, ct),
            await db.Organisations.CountAsync(o => o.PartnershipId == partnershipId, ct));
    }
}
