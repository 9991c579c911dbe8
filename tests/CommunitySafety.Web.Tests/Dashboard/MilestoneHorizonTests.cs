using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// The dashboard's milestone horizons, counted in one query, agree with the domain's rule for every open milestone
/// the viewer may see: overdue, then 30, 60 and 90 days ahead, none counted twice and nothing beyond 90 days.
/// </summary>
public class MilestoneHorizonTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("board@safermk.example")]
    [InlineData("cleared.board@safermk.example")]
    public async Task Each_horizon_counts_what_the_rule_puts_in_it(string email)
    {
        var actor = await app.ActorAsync(email);
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var today = app.Clock.Today();
        await AddMilestonesOnEachEdgeAsync(partnershipId, today);
        var open = await app.WithDbAsync(db => db.Milestones
            .Where(m => m.PartnershipId == partnershipId && m.CompletedOn == null
                        && (actor.IsCleared || (!m.IsRestricted && (m.Action == null || !m.Action.IsRestricted))))
            .Select(m => new { m.Id, m.DueDate }).ToListAsync());
        var expected = open.Where(m => MilestoneHorizon.For(m.DueDate, today) is not null)
            .GroupBy(m => MilestoneHorizon.For(m.DueDate, today)!.Value).ToDictionary(g => g.Key, g => g.Select(m => m.Id).ToHashSet());
        Assert.True(expected.Count >= 2, "The sample plan should have milestones in more than one horizon.");

        await using var scope = app.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(partnershipId, actor, new DashboardFilter());

        Assert.Equal([0, 30, 60, 90], data.Milestones.Select(h => h.Horizon));
        foreach (var horizon in data.Milestones)
        {
            var ids = expected.GetValueOrDefault(horizon.Horizon) ?? [];
            Assert.Equal(ids.Count, horizon.Total);
            Assert.Equal(Math.Min(ids.Count, DashboardService.ListLimit), horizon.Shown.Count);
            Assert.All(horizon.Shown, m => Assert.Contains(m.Id, ids));
            Assert.Equal(horizon.Shown.OrderBy(m => m.DueDate).ThenBy(m => m.Title).Select(m => m.Id), horizon.Shown.Select(m => m.Id));
        }

        Assert.Equal(expected.GetValueOrDefault(0)?.Count ?? 0, data.OverdueMilestones);
    }

    /// <summary>A milestone on each side of every edge (yesterday and today, day 30 and 31 …), and a completed one.</summary>
    private Task AddMilestonesOnEachEdgeAsync(int partnershipId, DateOnly today) => app.WithDbAsync(async db =>
    {
        if (await db.Milestones.AnyAsync(m => m.Title.StartsWith("Edge "))) return 0;
        foreach (var days in new[] { -1, 0, 30, 31, 60, 61, 90, 91 })
        {
            db.Milestones.Add(new Milestone { PartnershipId = partnershipId, Title = $"Edge {days}", Kind = MilestoneKind.Governance, DueDate = today.AddDays(days) });
        }

        db.Milestones.Add(new Milestone { PartnershipId = partnershipId, Title = "Edge done", Kind = MilestoneKind.Governance, DueDate = today, CompletedOn = today });
        return await db.SaveChangesAsync();
    });
}
