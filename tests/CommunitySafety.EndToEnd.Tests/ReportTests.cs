using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reports;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public class ReportTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_scrutiny_member_opens_the_annual_report_and_downloads_it_as_word()
    {
        var page = await browser.SignedInPageAsync("scrutiny@safermk.example");
        await page.GotoAsync("/p/safermk/reports");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the annual outcome report" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("SaferMK Partnership: annual outcome report 2026/27");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Annual outcome report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as Word (.docx)" }).ClickAsync());

        Assert.Equal("safermk-annual-outcome-report-2026.docx", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var word = WordprocessingDocument.Open(path, false);
        var text = word.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("SaferMK Partnership: annual outcome report 2026/27", text);
        Assert.Contains("£259,015.00", text);
        Assert.DoesNotContain("Domestic Homicide Reviews", text);
        Assert.Empty(word.MainDocumentPart.HeaderParts);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_outcomes_page_passes_axe_for_the_coordinator()
    {
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        await page.GotoAsync("/p/safermk/outcomes");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Key outcomes");
        await Assertions.Expect(page.Locator(".outcome-chart svg").First).ToBeVisibleAsync();

        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Outcomes");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_coordinator_edits_a_drafted_activity_overview_and_the_page_passes_axe()
    {
        var app = browser.App;
        var pid = await app.PartnershipIdAsync("safermk");
        var meeting = await app.WithDbAsync(db => db.Meetings
            .Where(m => m.Board!.Kind == BoardKind.Partnership && m.Board.Partnership!.Slug == "safermk" && m.StartsAt.Month == 6).Select(m => m.Id).SingleAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var draft = await scope.ServiceProvider.GetRequiredService<ActivityReportService>()
            .DraftAsync(pid, meeting, false, await app.ActorAsync("coordinator@safermk.example"));

        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        await page.GotoAsync($"/p/safermk/reports/activity/{draft.Id}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("OVERVIEW OF PARTNERSHIP ACTIVITY");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Activity overview editor");

        await page.GetByLabel("Section 2.1 heading").FillAsync("Tasking Board highlights");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        await Assertions.Expect(page.Locator("article h3").First).ToHaveTextAsync("2.1 Tasking Board highlights");
        await page.Context.CloseAsync();
    }
}
