using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>Exempt items never reach the public part of a meeting, nor anyone not cleared, whatever they ask for.</summary>
public class MeetingVisibilityTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<IReadOnlyList<MeetingPriority>> PrioritiesAsync(string email, bool privatePart)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardService>()
            .PrioritiesAsync(await app.PartnershipIdAsync("safermk"), await app.ActorAsync(email), new DashboardFilter(), privatePart);
    }

    private Task<List<int>> RestrictedIdsAsync() => app.WithDbAsync(db =>
        db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.IsRestricted).Select(a => a.Id).ToListAsync());

    [Theory]
    [InlineData("board@safermk.example", false)]
    [InlineData("board@safermk.example", true)]
    [InlineData("cleared.board@safermk.example", false)]
    [InlineData("coordinator@safermk.example", false)]
    public async Task No_restricted_action_appears(string email, bool privatePart)
    {
        var restricted = await RestrictedIdsAsync();
        Assert.NotEmpty(restricted);

        var shown = (await PrioritiesAsync(email, privatePart)).SelectMany(p => p.Actions).ToList();

        Assert.NotEmpty(shown);
        Assert.DoesNotContain(shown, a => a.IsRestricted || restricted.Contains(a.Id));
    }

    [Fact]
    public async Task The_private_part_shows_restricted_actions_to_someone_cleared()
    {
        var restricted = await RestrictedIdsAsync();

        var shown = (await PrioritiesAsync("cleared.board@safermk.example", privatePart: true)).SelectMany(p => p.Actions).Select(a => a.Id).ToList();

        Assert.Contains(restricted[0], shown);
    }
}
