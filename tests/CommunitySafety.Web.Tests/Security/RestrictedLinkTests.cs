using System.Security.Claims;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>An emailed link is checked against the action and its person's clearance now, at every use.</summary>
public class RestrictedLinkTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<string> IssueAsync(int actionId, int personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (token, _) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, actionId, personId);
        await db.SaveChangesAsync();
        return token;
    }

    private async Task<T> LinksAsync<T>(Func<UpdateLinkStatusUpdates, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>());
    }

    private static LinkUpdateForm Update(Guid version) => new()
    {
        Status = ActionStatus.InProgress, Rag = RagRating.Amber, ProgressPercent = 50, Version = version,
        Commentary = "Posted through the emailed link.", RagOverrideReason = "The partners agreed this rating at the last meeting.",
    };

    /// <summary>An account for the lead of a restricted action, cleared or not.</summary>
    private async Task<string> AccountForAsync(int personId, bool cleared)
    {
        var email = $"lead.{Guid.NewGuid():N}@safermk.example";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "Lead", PersonId = personId, PartnershipId = await app.PartnershipIdAsync("safermk") };
        Assert.True((await users.CreateAsync(user, "a long enough passphrase")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, AppRoles.PartnerLead)).Succeeded);
        if (cleared) Assert.True((await users.AddClaimAsync(user, new Claim(AppClaims.Cleared, "true"))).Succeeded);
        return email;
    }

    [Fact]
    public async Task A_link_stops_showing_its_action_once_the_action_is_marked_restricted()
    {
        var action = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.LeadPersonId != null && a.Status == ActionStatus.InProgress)
            .OrderByDescending(a => a.Id).FirstAsync());
        var token = await IssueAsync(action.Id, action.LeadPersonId!.Value);
        Assert.Equal(LinkState.Valid, (await LinksAsync(l => l.OpenAsync(token))).State);

        // The coordinator marks it restricted after the email went.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var form = ActionForm.From(action);
            form.IsRestricted = true;
            var saved = await scope.ServiceProvider.GetRequiredService<ActionEditor>().SaveAsync(await app.PartnershipIdAsync("safermk"), form, await app.ActorAsync("coordinator@safermk.example"));
            Assert.Equal(SaveOutcome.Saved, saved.Outcome);
        }

        var opened = await LinksAsync(l => l.OpenAsync(token));
        Assert.Equal(LinkState.SignInRequired, opened.State);
        Assert.Null(opened.Title);
        var version = await app.WithDbAsync(db => db.Actions.Where(a => a.Id == action.Id).Select(a => a.Version).SingleAsync());
        var before = await app.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id));
        var posted = await LinksAsync(l => l.PostAsync(token, Update(version), "127.0.0.1"));
        Assert.False(posted.Saved);
        Assert.Equal(before, await app.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id)));
    }

    [Fact]
    public async Task A_restricted_actions_link_opens_only_for_its_persons_cleared_account_and_stops_when_clearance_goes()
    {
        var action = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.IsRestricted && a.LeadPersonId != null)
            .OrderBy(a => a.Id).FirstAsync());
        var person = action.LeadPersonId!.Value;
        var token = await IssueAsync(action.Id, person);
        var clearedEmail = await AccountForAsync(person, cleared: true);
        var unclearedEmail = await AccountForAsync(person, cleared: false);

        // Forwarded, or opened signed out: nothing of the action.
        var anonymous = await LinksAsync(l => l.OpenAsync(token));
        Assert.Equal(LinkState.SignInRequired, anonymous.State);
        Assert.Null(anonymous.Title);
        Assert.Contains("Sign in", anonymous.Problem, StringComparison.Ordinal);
        Assert.Equal(LinkState.NotCleared, (await LinksAsync(async l => await l.OpenAsync(token, await app.ActorAsync("cleared.board@safermk.example")))).State);
        Assert.Equal(LinkState.NotCleared, (await LinksAsync(async l => await l.OpenAsync(token, await app.ActorAsync(unclearedEmail)))).State);

        var cleared = await app.ActorAsync(clearedEmail);
        var opened = await LinksAsync(l => l.OpenAsync(token, cleared));
        Assert.Equal(LinkState.Valid, opened.State);
        Assert.Equal(action.Title, opened.Title);
        var posted = await LinksAsync(l => l.PostAsync(token, Update(opened.Version), "127.0.0.1", cleared));
        Assert.True(posted.Saved, posted.Message);

        // Clearance withdrawn in the database: the same signed-in actor (its cookie not yet refreshed) is refused now.
        await app.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == clearedEmail).Select(u => u.Id).SingleAsync();
            return await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == AppClaims.Cleared).ExecuteDeleteAsync();
        });
        Assert.Equal(LinkState.NotCleared, (await LinksAsync(l => l.OpenAsync(token, cleared))).State);
    }
}
