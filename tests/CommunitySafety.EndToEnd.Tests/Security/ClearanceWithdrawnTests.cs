using System.Security.Claims;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Administration;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>Clearance withdrawn while the person has a restricted action open: it leaves their screen, and their link stops.</summary>
[Collection(BrowserCollection.Name)]
public class ClearanceWithdrawnTests(BrowserFixture browser)
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task Within_a_minute_the_restricted_action_leaves_the_open_page_and_the_persons_link_stops_working()
    {
        var app = browser.App;
        var safermk = await app.PartnershipIdAsync("safermk");
        var action = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.PartnershipId == safermk && a.IsRestricted && a.LeadPersonId != null).OrderBy(a => a.Id).FirstAsync());
        var email = $"cleared.{Guid.NewGuid():N}@safermk.example";
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Cleared lead", PartnershipId = safermk, PersonId = action.LeadPersonId };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, AppRoles.PartnerLead)).Succeeded);
            Assert.True((await users.AddClaimAsync(user, new Claim(AppClaims.Cleared, "true"))).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            token = scope.ServiceProvider.GetRequiredService<UpdateLinkStatusUpdates>().Issue(db, action.Id, action.LeadPersonId!.Value).Token;
            await db.SaveChangesAsync();
        }

        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync($"/update/{token}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(action.Title);
        await page.GotoAsync($"/p/safermk/actions/{action.Id}");
        var title = page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = action.Title });
        await Assertions.Expect(title).ToBeVisibleAsync();

        // An administrator withdraws the clearance while the page is open.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var admin = await app.ActorAsync("admin@safermk.example");
            var form = UserAccountForm.From((await accounts.ListAsync(admin)).Single(r => r.Email == email));
            form.Cleared = false;
            var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
            Assert.True((await accounts.UpdateAsync(admin, userId, form)).Succeeded);
        }

        await Assertions.Expect(title).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        Assert.DoesNotContain(action.Title, await page.ContentAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/update/{token}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link cannot be used" })).ToBeVisibleAsync();
        Assert.DoesNotContain(action.Title, await page.ContentAsync(), StringComparison.Ordinal);
        await context.CloseAsync();
    }
}
