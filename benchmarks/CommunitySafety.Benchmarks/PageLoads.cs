using System.Diagnostics;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.Partnerships;
using CommunitySafety.Web.Features.UpdateRounds;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Benchmarks;

/// <summary>
/// Everything the dashboard page loads for one viewer, call for call as the page makes them. When the page changes
/// what it loads, this changes with it: the figure is "what a person waits for", not one service in isolation.
/// A step, when given, hears how long each call took.
/// </summary>
public static class PageLoads
{
    public static async Task DashboardAsync(IServiceProvider services, string slug, Actor actor, DashboardFilter filter, Action<string, double>? step = null)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var watch = Stopwatch.StartNew();
        void Done(string what)
        {
            step?.Invoke(what, watch.Elapsed.TotalMilliseconds);
            watch.Restart();
        }

        var partnership = await sp.GetRequiredService<PartnershipDirectory>().FindAsync(slug, actor)
                          ?? throw new InvalidOperationException("No partnership " + slug);
        Done("partnership");
        await sp.GetRequiredService<ActionQueries>().FilterOptionsAsync(partnership.Id);
        Done("filter options");
        var dashboards = sp.GetRequiredService<DashboardService>();
        var meetings = await dashboards.PastMeetingsAsync(partnership.Id, actor, filter.BoardId);
        Done("past meetings");
        // As the page does, through its shared pictures: the three parts side by side, each computed on the thread pool.
        await Task.WhenAll(
            Timed("RAG picture, attention, milestones, outcomes", () => dashboards.GetAsync(partnership.Id, actor, filter)),
            Timed("update rounds", () => sp.GetRequiredService<UpdateRoundQueries>().ForMeetingsAsync(partnership.Id, actor, filter.BoardId, includeRestricted: actor.IsCleared)),
            meetings.Count > 0
                ? Timed("since the last meeting", () => dashboards.SinceAsync(partnership.Id, actor, filter, meetings[0].StartsAt, DashboardService.ListLimit))
                : Task.CompletedTask);

        Task Timed(string what, Func<Task> part) => Task.Run(async () =>
        {
            var own = Stopwatch.StartNew();
            await part();
            step?.Invoke(what, own.Elapsed.TotalMilliseconds);
        });
    }

    /// <summary>What meeting mode loads for one screen of the public part.</summary>
    public static async Task MeetingModeAsync(IServiceProvider services, string slug, Actor actor)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var partnership = await sp.GetRequiredService<PartnershipDirectory>().FindAsync(slug, actor)
                          ?? throw new InvalidOperationException("No partnership " + slug);
        await Task.WhenAll(
            Task.Run(() => sp.GetRequiredService<DashboardService>().PrioritiesAsync(partnership.Id, actor, new DashboardFilter(), privatePart: false, withCommentary: false)),
            Task.Run(() => sp.GetRequiredService<UpdateRoundQueries>().ForMeetingsAsync(partnership.Id, actor, null, includeRestricted: false)));
    }
}
