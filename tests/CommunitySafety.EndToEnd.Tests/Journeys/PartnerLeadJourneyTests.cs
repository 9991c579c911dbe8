using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Journeys;

/// <summary>
/// A partner lead with no account and no session: the morning reminder scan emails them about an overdue action,
/// they take the link from the email (as it arrived at the SMTP server) into a fresh browser and post an update,
/// which is recorded with their name. A tampered, expired or withdrawn link changes nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PartnerLeadJourneyTests(BrowserFixture browser)
{
    private sealed record EmailedLink(
        string Url, string To, int LinkId, int ActionId, int PersonId, string PersonName, string Reference, int PartnershipId, string Slug, bool HasAccount);

    private sealed record ActionState(int Updates, Guid Version, RagRating Rag, int LinkUses);

    /// <summary>The update links in this morning's emails, one per action, those to people with no account first.</summary>
    private async Task<IReadOnlyList<EmailedLink>> EmailedLinksAsync()
    {
        var emails = await browser.ReminderEmailsAsync();
        var app = browser.App;
        var withAccounts = await app.WithDbAsync(db => db.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value).ToListAsync());
        var links = new List<EmailedLink>();
        foreach (var (to, message) in emails)
        {
            foreach (Match match in Regex.Matches(message.TextBody ?? "", @"(\S+/update/([A-Za-z0-9_-]{43}))"))
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(match.Groups[2].Value)));
                var link = await app.WithDbAsync(db => db.UpdateLinks.Where(l => l.TokenHash == hash)
                    .Select(l => new { l.Id, l.ActionId, l.PersonId, l.Person!.Name, l.Action!.Reference, l.Person.PartnershipId, l.Person.Partnership!.Slug }).SingleAsync());
                links.Add(new EmailedLink(match.Groups[1].Value, to, link.Id, link.ActionId, link.PersonId, link.Name, link.Reference,
                    link.PartnershipId, link.Slug, withAccounts.Contains(link.PersonId)));
            }
        }

        Assert.True(links.Count(l => !l.HasAccount) >= 2 && links.Count >= 3,
            $"Expected update links to three actions, two of them to people without accounts; found {links.Count} ({links.Count(l => !l.HasAccount)}).");
        return links.OrderBy(l => l.HasAccount).ThenBy(l => l.LinkId).ToList();
    }

    private Task<ActionState> StateAsync(int actionId) => browser.App.WithDbAsync(async db => new ActionState(
        await db.StatusUpdates.CountAsync(u => u.ActionId == actionId),
        await db.Actions.Where(a => a.Id == actionId).Select(a => a.Version).SingleAsync(),
        await db.Actions.Where(a => a.Id == actionId).Select(a => a.Rag).SingleAsync(),
        await db.UpdateLinkUses.CountAsync(u => u.UpdateLink!.ActionId == actionId)));

    private static RagRating Other(RagRating suggested) => suggested == RagRating.Amber ? RagRating.Red : RagRating.Amber;

    private async Task<RagRating> SuggestedAsync(IPage page)
    {
        var text = await page.GetByText(new Regex("^Suggested: ")).TextContentAsync();
        return Enum.GetValues<RagRating>().Single(r => text!.Trim() == $"Suggested: {r.Label()}");
    }

    private static async Task ChooseAsync(IPage page, string combobox, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = combobox }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = combobox })).ToContainTextAsync(option);
    }

    [Fact]
    public async Task A_lead_without_an_account_posts_an_update_from_the_link_in_their_reminder_email()
    {
        var link = (await EmailedLinksAsync())[0];
        Assert.False(link.HasAccount);
        Assert.StartsWith($"{browser.BaseUrl}/update/", link.Url, StringComparison.Ordinal);
        var before = await StateAsync(link.ActionId);

        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);
        await page.GotoAsync(link.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Status update: {link.Reference}");
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"for {link.PersonName}");

        // The partnership's rules suggest a rating; the lead chooses another, and forgets to say why.
        var suggested = await SuggestedAsync(page);
        var chosen = Other(suggested);
        await ChooseAsync(page, "RAG rating", chosen.Label());
        await page.GetByRole(AriaRole.Textbox, new() { Name = "What has happened since the last update" })
            .FillAsync("Two of the four projects have started; the other two start in January.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post the update" }).ClickAsync();

        var reason = page.GetByRole(AriaRole.Textbox, new() { Name = $"Why {chosen.Label()} rather than the suggested {suggested.Label()}?" });
        var needed = $"The rules suggest {suggested.Label()}: say why you rate it {chosen.Label()}.";
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(needed);
        await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(before, await StateAsync(link.ActionId));

        // Once the reason is typed the same page takes it: no reload.
        await reason.FillAsync("The remaining funds were confirmed on 20 November.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post the update" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thank you: your status update has been saved.");

        var update = await browser.App.WithDbAsync(db => db.StatusUpdates.Where(u => u.ActionId == link.ActionId).OrderByDescending(u => u.Id).FirstAsync());
        Assert.Equal(before.Updates + 1, (await StateAsync(link.ActionId)).Updates);
        Assert.Equal($"{link.PersonName} (by emailed link)", update.AuthorName);
        Assert.Equal(link.PersonId, update.AuthorPersonId);
        Assert.Equal(chosen, update.Rag);
        Assert.Equal(suggested, update.SuggestedRag);
        Assert.Equal("The remaining funds were confirmed on 20 November.", update.RagOverrideReason);
        watch.AssertClean("The update link");
        await page.Context.CloseAsync();

        // The head of community safety sees it in the action's history under the lead's name.
        var coordinator = await browser.SignedInPageAsync($"coordinator@{link.Slug}.example");
        await coordinator.GotoAsync($"/p/{link.Slug}/actions/{link.ActionId}");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Main)).ToContainTextAsync($"{link.PersonName} (by emailed link)");
        await coordinator.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tampered_an_expired_or_a_withdrawn_link_changes_nothing()
    {
        var links = await EmailedLinksAsync();
        var (expired, withdrawn) = (links[1], links[2]);
        Assert.False(expired.HasAccount);
        var coordinator = await browser.App.ActorAsync($"coordinator@{withdrawn.Slug}.example");

        var tampered = withdrawn.Url[..^1] + (withdrawn.Url[^1] == 'A' ? 'B' : 'A');
        await AssertRefusedOnOpeningAsync(tampered, withdrawn.ActionId, "This link is not recognised");

        // Open with the form showing, then the link dies before the lead posts: the post is refused.
        await AssertRefusedOnPostingAsync(expired, "This link has expired", () => browser.App.WithDbAsync(db =>
            db.UpdateLinks.Where(l => l.Id == expired.LinkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, browser.App.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1)))));
        await AssertRefusedOnOpeningAsync(expired.Url, expired.ActionId, "This link has expired");

        await AssertRefusedOnPostingAsync(withdrawn, "This link has been withdrawn", () =>
            browser.App.WithServiceAsync<UpdateLinkStatusUpdates, int>(s => s.RevokeAsync(withdrawn.PartnershipId, withdrawn.LinkId, coordinator)));
        await AssertRefusedOnOpeningAsync(withdrawn.Url, withdrawn.ActionId, "This link has been withdrawn");
    }

    private async Task AssertRefusedOnOpeningAsync(string url, int actionId, string why)
    {
        var before = await StateAsync(actionId);
        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link cannot be used" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(why);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing has been changed.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Post the update" })).ToHaveCountAsync(0);
        Assert.Equal(before, await StateAsync(actionId));
        watch.AssertClean(url);
        await page.Context.CloseAsync();
    }

    private async Task AssertRefusedOnPostingAsync(EmailedLink link, string why, Func<Task<int>> kill)
    {
        var before = await StateAsync(link.ActionId);
        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);
        await page.GotoAsync(link.Url);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "What has happened since the last update" }).FillAsync("Nothing new this month.");
        Assert.Equal(1, await kill());

        await page.GetByRole(AriaRole.Button, new() { Name = "Post the update" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(why);
        Assert.Equal(before, await StateAsync(link.ActionId));
        watch.AssertClean(link.Url);
        await page.Context.CloseAsync();
    }
}
