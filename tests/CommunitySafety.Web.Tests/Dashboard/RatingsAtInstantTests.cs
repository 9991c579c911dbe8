using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// The ratings at a past instant are read once and kept, because no later update can change them; an instant that
/// has not yet settled is read afresh each time, so an update recorded at it is never missed.
/// </summary>
public class RatingsAtInstantTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Coordinator = "coordinator@safermk.example";

    [Fact]
    public async Task An_instant_not_yet_settled_sees_an_update_recorded_at_it()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var action = await ByReferenceAsync("VC-02");
        var instant = app.Clock.GetUtcNow().UtcDateTime;
        var ratings = app.Services.GetRequiredService<RatingsAtInstant>();
        var before = (await ratings.ForAsync(partnershipId, instant))[action.Id];
        var changed = before == RagRating.Red ? RagRating.Green : RagRating.Red;

        // The test clock stands still, so this update is recorded at the very instant asked about.
        await PostUpdateAsync(action, changed);

        Assert.Equal(changed, (await ratings.ForAsync(partnershipId, instant))[action.Id]);
    }

    [Fact]
    public async Task A_settled_instant_keeps_its_ratings_and_they_agree_with_a_fresh_read_after_later_updates()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var action = await ByReferenceAsync("VC-03");
        var instant = app.Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        var ratings = app.Services.GetRequiredService<RatingsAtInstant>();
        var kept = await ratings.ForAsync(partnershipId, instant);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await PostUpdateAsync(action, kept[action.Id] == RagRating.Red ? RagRating.Green : RagRating.Red);
        var again = await ratings.ForAsync(partnershipId, instant);
        var fresh = await new RatingsAtInstant(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), app.Clock).ForAsync(partnershipId, instant);

        Assert.Same(kept, again);
        Assert.Equal(fresh.OrderBy(r => r.Key), again.OrderBy(r => r.Key));
        Assert.Contains(again, r => r.Value is not null);
    }

    private async Task PostUpdateAsync(Action action, RagRating rag)
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(Coordinator);
        await using var scope = app.Services.CreateAsyncScope();
        var updates = scope.ServiceProvider.GetRequiredService<StatusUpdateService>();
        var draft = (await updates.PrepareAsync(partnershipId, action.Id, actor))!;
        draft.Form.Commentary = "Reviewed by the coordinator.";
        draft.Form.RagOverrideReason = "The coordinator's judgement.";
        draft.Form.Rag = rag;
        var result = await updates.PostAsync(partnershipId, draft.Form, actor);
        Assert.True(result.Succeeded, result.Message);
    }

    private Task<Action> ByReferenceAsync(string reference) => app.WithDbAsync(db => db.Actions.AsNoTracking()
        .SingleAsync(a => a.Reference == reference && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));
}
