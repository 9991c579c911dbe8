using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Security;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Journeys;

/// <summary>
/// A member of the council's scrutiny committee: from the partnership's overview to the outcomes and the annual
/// outcome report, downloaded as Word; nothing they can reach lets them change anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ScrutinyMemberJourneyTests(BrowserFixture browser)
{
    private const string Account = "scrutiny@safermk.example";

    [Fact]
    public async Task A_scrutiny_member_goes_from_the_overview_to_the_annual_report_and_downloads_it()
    {
        var outcomes = await browser.App.WithDbAsync(db => db.Outcomes
            .Where(o => o.Priority!.Strategy!.Partnership!.Slug == "safermk" && o.Priority.Strategy.Status == StrategyStatus.Adopted)
            .Select(o => new { o.Title, o.IsRestricted }).ToListAsync());
        var page = await browser.SignedInPageAsync(Account);
        var watch = browser.Watch(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open SaferMK Partnership" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SaferMK Partnership", Level = 1 })).ToBeVisibleAsync();
        var main = page.GetByRole(AriaRole.Main);
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Outcomes and reports" })).ToBeVisibleAsync();
        await Assertions.Expect(main).ToContainTextAsync($"{outcomes.Count(o => !o.IsRestricted)} key outcomes");
        await Assertions.Expect(main.GetByRole(AriaRole.List, new() { Name = "Key outcomes by rating" }).GetByRole(AriaRole.Listitem)).Not.ToHaveCountAsync(0);
        await Assertions.Expect(main.GetByRole(AriaRole.Link, new() { Name = "Key outcomes" })).ToBeVisibleAsync();

        await main.GetByRole(AriaRole.Link, new() { Name = "Annual outcome report" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("SaferMK Partnership: annual outcome report 2026/27");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as Word (.docx)" }).ClickAsync());

        Assert.Equal("safermk-annual-outcome-report-2026.docx", download.SuggestedFilename);
        using (var word = WordprocessingDocument.Open(await download.PathAsync(), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("SaferMK Partnership: annual outcome report 2026/27", text);
            Assert.All(outcomes.Where(o => !o.IsRestricted), o => Assert.Contains(o.Title, text));
            Assert.All(outcomes.Where(o => o.IsRestricted), o => Assert.DoesNotContain(o.Title, text));
        }

        watch.AssertClean("Scrutiny member's report");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task No_page_or_download_that_changes_or_shows_the_action_plan_opens_for_a_scrutiny_member()
    {
        var routes = await AppRoutes.FromSampleAsync(browser.App);
        var page = await browser.SignedInPageAsync(Account);
        var watch = browser.Watch(page);
        var refusedPolicies = new[] { Policies.ReadActionPlan, Policies.UpdateActions, Policies.EditStrategy, Policies.Administer };
        var guarded = AppRoutes.Endpoints(browser.App.Services)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => refusedPolicies.Contains(a.Policy)))
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") != false)
            .DistinctBy(e => e.RoutePattern.RawText).ToList();
        Assert.Contains(guarded, e => e.RoutePattern.RawText!.EndsWith("/edit", StringComparison.Ordinal));

        var opened = new List<string>();
        foreach (var endpoint in guarded)
        {
            var address = routes.Address(endpoint.RoutePattern);
            var response = await page.GotoAsync(address);
            if (!page.Url.Contains("/account/access-denied", StringComparison.Ordinal)) opened.Add($"{address} (now at {page.Url}, {response?.Status})");
        }

        Assert.True(opened.Count == 0, "Opened for a scrutiny member:\n" + string.Join("\n", opened));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to that page" })).ToBeVisibleAsync();

        // Where they may go, nothing offers a change.
        await page.GotoAsync("/p/safermk/outcomes");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Key outcomes", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record a measurement") })).ToHaveCountAsync(0);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" });
        var links = (await menu.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(l => l.Trim()).ToList();
        Assert.Equal(["Partnerships", "My reminders", "Overview", "Outcomes", "Reports", "Two-step sign-in"], links);

        watch.AssertClean("Scrutiny member");
        await page.Context.CloseAsync();
    }
}
