using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.Partnerships;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// Everything the dashboard page loads for one viewer, call for call as the page makes them. When the page changes
/// what it loads, this changes with it: the figure is "what a person waits for", not one service in isolation.
/// </summary>
public static class PageLoads
{
    public static async Task DashboardAsync(IServiceProvider services, string slug, Actor actor, DashboardFilter filter)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var partnership = await sp.GetRequiredService<PartnershipDirectory>().FindAsync(slug, actor)
                          ?? throw new InvalidOperationException("No partnership " + slug);
        await sp.GetRequiredService<ActionQueries>().FilterOptionsAsync(partnership.Id);
        var dashboards = sp.GetRequiredService<DashboardService>();
        await dashboards.GetAsync(partnership.Id, actor, filter);
        var meetings = await dashboards.PastMeetingsAsync(partnership.Id, actor, filter.BoardId);
        if (meetings.Count > 0) await dashboards.SinceAsync(partnership.Id, actor, filter, meetings[0].StartsAt);
    }

    /// <summary>What meeting mode loads for one screen of the public part.</summary>
    public static async Task MeetingModeAsync(IServiceProvider services, string slug, Actor actor)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var partnership = await sp.GetRequiredService<PartnershipDirectory>().FindAsync(slug, actor)
                          ?? throw new InvalidOperationException("No partnership " + slug);
        await sp.GetRequiredService<DashboardService>().PrioritiesAsync(partnership.Id, actor, new DashboardFilter(), privatePart: false);
    }
}
