using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Strategies;

public sealed record PriorityView(
    int Id,
    int Order,
    string Code,
    string Title,
    string? Description,
    StatutoryTheme Themes,
    IReadOnlyDictionary<RagRating, int> ActionsByRag)
{
    public int ActionCount => ActionsByRag.Values.Sum();
}

public sealed record StrategyView(
    int Id,
    string Title,
    string Period,
    StrategyStatus Status,
    DateOnly? AdoptedOn,
    string? Summary,
    IReadOnlyList<PriorityView> Priorities);

/// <summary>The partnership's strategies, newest adopted first, with their priorities in the strategy's order.</summary>
public sealed class StrategyQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StrategyView>> ListAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategies = await db.Strategies.AsNoTracking()
            .Where(s => s.PartnershipId == partnershipId)
            .Include(s => s.Priorities)
            .OrderBy(s => s.Status == StrategyStatus.Adopted ? 0 : 1).ThenByDescending(s => s.PeriodStart)
            .ToListAsync(ct);
        // Counted only over the actions the user may see, so restricted work is not revealed by a number.
        var counts = await db.Actions
            .Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && (actor.IsCleared || !a.IsRestricted))
            .GroupBy(a => new { a.PriorityId, a.Rag })
            .Select(g => new { g.Key.PriorityId, g.Key.Rag, Count = g.Count() })
            .ToListAsync(ct);

        return strategies.Select(s => new StrategyView(
            s.Id, s.Title, s.Period, s.Status, s.AdoptedOn, s.Summary,
            s.Priorities.OrderBy(p => p.Order).Select(p => new PriorityView(
                p.Id, p.Order, p.Code, p.Title, p.Description, p.Themes,
                Enum.GetValues<RagRating>().ToDictionary(
                    r => r, r => counts.Where(c => c.PriorityId == p.Id && c.Rag == r).Sum(c => c.Count)))).ToList())).ToList();
    }
}
