using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>axe-core over the main pages: no serious or critical WCAG 2.2 AA violation.</summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    internal static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(Wcag22AA);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        var report = string.Join(Environment.NewLine, serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}"));
        Assert.True(serious.Count == 0, $"{what}: {serious.Count} serious or critical WCAG violations{Environment.NewLine}{report}");
    }

    [Fact]
    public async Task The_sign_in_page_passes()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await AssertNoSeriousViolationsAsync(page, "Sign-in page");
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_main_pages_pass_for_the_coordinator()
    {
        var actionId = await browser.App.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk").OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var milestoneId = await browser.App.WithDbAsync(db => db.Milestones.Where(m => m.Partnership!.Slug == "safermk").OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        var boardId = await browser.App.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.BoardId != null && a.Status == CommunitySafety.Domain.ActionStatus.InProgress).OrderBy(a => a.Id).Select(a => a.BoardId!.Value).FirstAsync());
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        foreach (var (path, heading) in MainPages(actionId, milestoneId, boardId))
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync(heading);
            await AssertNoSeriousViolationsAsync(page, path);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_accounts_page_passes_for_an_administrator()
    {
        var page = await browser.SignedInPageAsync("admin@safermk.example");
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("Accounts and roles");
        await AssertNoSeriousViolationsAsync(page, "/admin/users");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_audit_log_passes_for_an_administrator()
    {
        var page = await browser.SignedInPageAsync("admin@safermk.example");
        await page.GotoAsync("/admin/audit");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("Audit log");
        await Assertions.Expect(page.Locator(".mud-table-body tr").First).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page, "/admin/audit");
        await page.Context.CloseAsync();
    }

    private static IEnumerable<(string Path, string Heading)> MainPages(int actionId, int milestoneId, int boardId) =>
    [
        ("/", "Your partnerships"),
        ("/p/safermk", "SaferMK"),
        ("/p/safermk/actions", "Action plan"),
        ($"/p/safermk/actions/{actionId}", ""),
        ($"/p/safermk/actions/{actionId}/edit", "Edit"),
        ("/p/safermk/strategy", "Strategy and priorities"),
        ("/p/safermk/milestones?completed=true", "Milestones"),
        ($"/p/safermk/milestones/{milestoneId}/edit", "Change milestone"),
        ("/p/safermk/partners", "Partners, people and boards"),
        ("/p/safermk/risks", "Risks"),
        ("/p/safermk/risks/new", "New risk"),
        ($"/p/safermk/updates?board={boardId}", "Pre-meeting updates"),
        ("/p/safermk/audit", "Audit log"),
    ];
}
