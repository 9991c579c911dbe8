using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Administration;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Administration;

/// <summary>Invite, change, disable and reset accounts, with the rules on who may do which, on a real SMTP server.</summary>
public class AccountLifecycleTests(AccountsTestApp app) : IClassFixture<AccountsTestApp>
{
    private const string Admin = "admin@safermk.example";
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<AccountResult> InviteAsync(string asEmail, UserAccountForm form) =>
        await app.AccountsAsync(async a => await a.InviteAsync(await app.ActorAsync(asEmail), form));

    private Task<string> UserIdAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<int> PersonAsync(string slug, string name) =>
        await app.WithDbAsync(db => db.People.Where(p => p.Partnership!.Slug == slug && p.Name == name).Select(p => p.Id).SingleAsync());

    private async Task<UserAccountForm> FormOfAsync(string email) =>
        UserAccountForm.From((await app.AccountsAsync(async a => await a.ListAsync(await app.ActorAsync(Admin)))).Single(r => r.Email == email));

    [Fact]
    public async Task An_invited_partner_lead_sets_a_password_by_the_emailed_link_once_and_signs_in()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var result = await InviteAsync(Admin, new UserAccountForm
        {
            Email = "paul.scanes@bucksfire.example", DisplayName = "Paul Scanes", Roles = [AppRoles.PartnerLead],
            PartnershipId = safermk, PersonId = await PersonAsync("safermk", "Paul Scanes"),
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.ErrorMessage)));
        var mail = app.MailTo("paul.scanes@bucksfire.example", "invited");
        Assert.Contains("SaferMK", mail.Subject, StringComparison.Ordinal);
        var link = app.SetPasswordPathFor("paul.scanes@bucksfire.example");

        // Not signed in yet: an invited account has no password.
        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "paul.scanes@bucksfire.example", "")).StatusCode);
        var set = await app.SetPasswordAsync(link, "fire and rescue 2026");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("password-set", set.Headers.Location!.ToString(), StringComparison.Ordinal);

        var signIn = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "paul.scanes@bucksfire.example", "fire and rescue 2026");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var actor = await app.ActorAsync("paul.scanes@bucksfire.example");
        Assert.True(actor.IsPartnerLead);
        Assert.False(actor.IsCleared);

        // The link worked once.
        var again = await app.SetPasswordAsync(link, "someone else's password");
        Assert.Contains("This link does not work", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var userId = await UserIdAsync("paul.scanes@bucksfire.example");
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Account" && e.EntityId == userId).ToListAsync());
        Assert.Contains(audit, e => e.Operation == AuditOperation.Create && e.After!.Contains("Invited", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.After!.Contains("Password set from the invitation", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => (e.After ?? "").Contains("fire and rescue", StringComparison.Ordinal));
        var lastSignIn = await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.LastSignInAt).SingleAsync());
        Assert.NotNull(lastSignIn);
    }

    [Fact]
    public async Task A_coordinator_manages_their_own_partnership_only_and_never_the_Administrator_role()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var melton = await app.PartnershipIdAsync("melton");
        var coordinator = await app.ActorAsync(Coordinator);

        var list = await app.AccountsAsync(a => a.ListAsync(coordinator));
        Assert.Contains(list, r => r.Email == "board@safermk.example");
        Assert.DoesNotContain(list, r => r.Email.EndsWith("@melton.example", StringComparison.Ordinal));
        Assert.DoesNotContain(list, r => r.Roles.Contains(AppRoles.Administrator));

        Assert.False((await InviteAsync(Coordinator, new UserAccountForm { Email = "sneaky@example.org", DisplayName = "Sneaky", Roles = [AppRoles.Administrator], PartnershipId = safermk })).Succeeded);
        Assert.False((await InviteAsync(Coordinator, new UserAccountForm { Email = "elsewhere@example.org", DisplayName = "Elsewhere", Roles = [AppRoles.BoardMember], PartnershipId = melton })).Succeeded);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sneaky@example.org" || u.Email == "elsewhere@example.org")));

        var meltonLead = await FormOfAsync("lead.police@melton.example");
        meltonLead.DisplayName = "Renamed by SaferMK";
        Assert.False((await app.AccountsAsync(async a => await a.UpdateAsync(coordinator, await UserIdAsync("lead.police@melton.example"), meltonLead))).Succeeded);
        var admin = await FormOfAsync(Admin);
        admin.Roles = [AppRoles.BoardMember];
        admin.PartnershipId = safermk;
        Assert.False((await app.AccountsAsync(async a => await a.UpdateAsync(coordinator, await UserIdAsync(Admin), admin))).Succeeded);
        Assert.False((await app.AccountsAsync(async a => await a.SetDisabledAsync(coordinator, await UserIdAsync(Admin), true))).Succeeded);

        var invited = await InviteAsync(Coordinator, new UserAccountForm { Email = "new.board@safermk.example", DisplayName = "New board member", Roles = [AppRoles.BoardMember], PartnershipId = safermk });
        Assert.True(invited.Succeeded);
        Assert.NotEqual("Renamed by SaferMK", (await app.ActorAsync("lead.police@melton.example")).Name);
    }

    [Fact]
    public async Task The_accounts_page_is_for_administrators_and_coordinators()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(Coordinator)).GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(Admin)).GetAsync("/admin/users")).StatusCode);
        var board = await (await app.SignedInClientAsync("board@safermk.example")).GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, board.StatusCode);
        Assert.StartsWith("/account/access-denied", board.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_messages_and_no_account_is_made()
    {
        var result = await InviteAsync(Admin, new UserAccountForm { Email = "not-an-email", DisplayName = "", Roles = [AppRoles.PartnerLead], PartnershipId = null });

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(UserAccountForm.Email));
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(UserAccountForm.DisplayName));
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(UserAccountForm.PartnershipId));
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(UserAccountForm.PersonId));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "not-an-email")));

        var safermk = await app.PartnershipIdAsync("safermk");
        var meltonPerson = await app.WithDbAsync(db => db.People.Where(p => p.Partnership!.Slug == "melton").Select(p => p.Id).FirstAsync());
        var mixed = await InviteAsync(Admin, new UserAccountForm { Email = "mixed@example.org", DisplayName = "Mixed", Roles = [AppRoles.BoardMember], PartnershipId = safermk, PersonId = meltonPerson });
        Assert.Contains(mixed.Errors, e => e.PropertyName == nameof(UserAccountForm.PersonId));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "mixed@example.org")));
    }

    [Fact]
    public async Task Withdrawing_clearance_ends_the_old_cookie_within_the_minute_and_withdraws_links_to_restricted_actions()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        // Someone who leads a restricted action, with a cleared account and a live link to it.
        var restricted = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.PartnershipId == safermk && a.IsRestricted && a.LeadPersonId != null).OrderBy(a => a.Id).FirstAsync());
        var person = await app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == restricted.LeadPersonId));
        var email = $"cleared.lead.{Guid.NewGuid():N}@safermk.example";
        Assert.True((await InviteAsync(Admin, new UserAccountForm { Email = email, DisplayName = person.Name, Roles = [AppRoles.PartnerLead], PartnershipId = safermk, PersonId = person.Id, Cleared = true })).Succeeded);
        await app.SetPasswordAsync(app.SetPasswordPathFor(email), "a long enough passphrase");
        var client = app.CreateClientWithoutRedirects();
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostSignInAsync(client, email, "a long enough passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/p/safermk/actions")).StatusCode);
        int linkId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var (_, link) = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, restricted.Id, person.Id);
            await db.SaveChangesAsync();
            linkId = link.Id;
        }

        var form = await FormOfAsync(email);
        form.Cleared = false;
        form.Roles = [AppRoles.BoardMember];
        var changed = await app.AccountsAsync(async a => await a.UpdateAsync(await app.ActorAsync(Admin), await UserIdAsync(email), form));

        Assert.True(changed.Succeeded, string.Join(" ", changed.Errors.Select(e => e.ErrorMessage)));
        Assert.NotNull(await app.WithDbAsync(db => db.UpdateLinks.Where(l => l.Id == linkId).Select(l => l.RevokedAt).SingleAsync()));
        Assert.False((await app.ActorAsync(email)).IsCleared);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = await client.GetAsync("/p/safermk/actions");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var userId = await UserIdAsync(email);
        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Account" && e.EntityId == userId && e.Operation == AuditOperation.Change && e.Before != null)
            .OrderByDescending(e => e.Id).FirstAsync());
        Assert.Contains("\"Cleared\":true", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"Cleared\":false", entry.After, StringComparison.Ordinal);
        Assert.Equal(await UserIdAsync(Admin), entry.UserId);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_loses_its_feeds_and_can_be_enabled_again()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var email = $"leaver.{Guid.NewGuid():N}@safermk.example";
        Assert.True((await InviteAsync(Coordinator, new UserAccountForm { Email = email, DisplayName = "Leaver", Roles = [AppRoles.BoardMember], PartnershipId = safermk })).Succeeded);
        await app.SetPasswordAsync(app.SetPasswordPathFor(email), "a long enough passphrase");
        var feed = await app.WithServiceAsync<CalendarFeeds, string?>(async f => await f.CreateAsync(await app.ActorAsync(email), CalendarFeedScope.Partnership));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClientWithoutRedirects().GetAsync(new Uri(feed!).PathAndQuery)).StatusCode);

        var disabled = await app.AccountsAsync(async a => await a.SetDisabledAsync(await app.ActorAsync(Coordinator), await UserIdAsync(email), true));

        Assert.True(disabled.Succeeded);
        var refused = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), email, "a long enough passphrase");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The email address or password is not right", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClientWithoutRedirects().GetAsync(new Uri(feed!).PathAndQuery)).StatusCode);

        Assert.True((await app.AccountsAsync(async a => await a.SetDisabledAsync(await app.ActorAsync(Coordinator), await UserIdAsync(email), false))).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), email, "a long enough passphrase")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_by_email_sets_a_new_password()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        var email = $"forgetful.{Guid.NewGuid():N}@safermk.example";
        Assert.True((await InviteAsync(Admin, new UserAccountForm { Email = email, DisplayName = "Forgetful", Roles = [AppRoles.ScrutinyMember], PartnershipId = safermk })).Succeeded);
        await app.SetPasswordAsync(app.SetPasswordPathFor(email), "the first passphrase");

        var sent = await app.AccountsAsync(async a => await a.SendPasswordEmailAsync(await app.ActorAsync(Coordinator), await UserIdAsync(email)));
        Assert.True(sent.Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await app.SetPasswordAsync(app.SetPasswordPathFor(email, "Reset your CommunitySafety password"), "the second passphrase")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), email, "the first passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), email, "the second passphrase")).StatusCode);
    }

    [Fact]
    public async Task Nobody_changes_their_own_rights_or_disables_themselves()
    {
        var coordinator = await app.ActorAsync(Coordinator);
        var own = await FormOfAsync(Coordinator);
        own.Roles = [AppRoles.Coordinator, AppRoles.Administrator];

        Assert.False((await app.AccountsAsync(a => a.UpdateAsync(coordinator, coordinator.UserId, own))).Succeeded);
        Assert.False((await app.AccountsAsync(a => a.SetDisabledAsync(coordinator, coordinator.UserId, true))).Succeeded);
        Assert.False((await app.ActorAsync(Coordinator)).IsAdministrator);
    }
}
