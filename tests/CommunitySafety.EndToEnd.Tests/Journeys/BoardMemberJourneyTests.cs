using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Journeys;

/// <summary>
/// A board member (not cleared for exempt items) before and during a meeting: the dashboard's counts are the counts
/// in the database, meeting mode is driven from the keyboard, and restricted items appear nowhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BoardMemberJourneyTests(BrowserFixture browser)
{
    private const string Account = "board@safermk.example";

    private sealed record PriorityCounts(string Code, string Title, IReadOnlyDictionary<RagRating, int> ByRag);

    private sealed record Expected(IReadOnlyList<PriorityCounts> Priorities, int Overdue, IReadOnlyList<string> RestrictedTitles);

    /// <summary>Counted straight from the tables: the adopted strategy's actions, restricted ones left out.</summary>
    private Task<Expected> FromDatabaseAsync() => browser.App.WithDbAsync(async db =>
    {
        var today = browser.App.Clock.Today();
        var strategy = await db.Strategies.Where(s => s.Partnership!.Slug == "safermk" && s.Status == StrategyStatus.Adopted)
            .OrderByDescending(s => s.PeriodStart).Select(s => s.Id).FirstAsync();
        var priorities = await db.Priorities.Where(p => p.StrategyId == strategy).OrderBy(p => p.Order).Select(p => new { p.Id, p.Code, p.Title }).ToListAsync();
        var actions = await db.Actions.Where(a => a.Priority!.StrategyId == strategy)
            .Select(a => new { a.PriorityId, a.Rag, a.Status, a.DueDate, a.IsRestricted, a.Title }).ToListAsync();
        var visible = actions.Where(a => !a.IsRestricted).ToList();
        var restrictedMilestones = await db.Milestones.Where(m => m.Partnership!.Slug == "safermk" && m.IsRestricted).Select(m => m.Title).ToListAsync();
        return new Expected(
            priorities.Select(p => new PriorityCounts(p.Code, p.Title,
                Enum.GetValues<RagRating>().ToDictionary(r => r, r => visible.Count(a => a.PriorityId == p.Id && a.Rag == r)))).ToList(),
            visible.Count(a => a.Status is ActionStatus.NotStarted or ActionStatus.InProgress && a.DueDate < today),
            [.. actions.Where(a => a.IsRestricted).Select(a => a.Title), .. restrictedMilestones]);
    });

    private static void AssertNoneOf(IEnumerable<string> restricted, string pageText, string where)
    {
        var shown = restricted.Where(t => pageText.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(shown.Count == 0, $"Restricted items on {where} for a board member who is not cleared: {string.Join("; ", shown)}");
    }

    [Fact]
    public async Task The_dashboard_shows_the_counts_in_the_database_and_no_restricted_item()
    {
        var expected = await FromDatabaseAsync();
        Assert.NotEmpty(expected.RestrictedTitles);
        var page = await browser.SignedInPageAsync(Account);
        var watch = browser.Watch(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open SaferMK Partnership" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Board dashboard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board dashboard", Level = 1 })).ToBeVisibleAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Actions by RAG rating and priority" });
        var headers = (await table.GetByRole(AriaRole.Columnheader).AllInnerTextsAsync()).Select(h => h.Trim()).ToList();
        var ratings = headers.Skip(1).SkipLast(1).Select(h => Enum.GetValues<RagRating>().Single(r => r.Label() == h)).ToList();
        Assert.Equal(Enum.GetValues<RagRating>().Length, ratings.Count);
        foreach (var priority in expected.Priorities)
        {
            var row = table.GetByRole(AriaRole.Row, new() { Name = $"{priority.Code} · {priority.Title}" });
            var cells = (await row.GetByRole(AriaRole.Cell).AllInnerTextsAsync()).Select(c => int.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ratings.Select(r => priority.ByRag[r]).Append(priority.ByRag.Values.Sum()), cells);
        }

        var all = (await table.GetByRole(AriaRole.Row, new() { Name = "All priorities" }).GetByRole(AriaRole.Cell).AllInnerTextsAsync())
            .Select(c => int.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ratings.Select(r => expected.Priorities.Sum(p => p.ByRag[r])).Append(expected.Priorities.Sum(p => p.ByRag.Values.Sum())), all);
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"of which {expected.Overdue} overdue");

        AssertNoneOf(expected.RestrictedTitles, await page.GetByRole(AriaRole.Main).InnerTextAsync(), "the dashboard");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Actions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        AssertNoneOf(expected.RestrictedTitles, await page.GetByRole(AriaRole.Main).InnerTextAsync(), "the action list");

        watch.AssertClean("Board member's dashboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Meeting_mode_is_opened_and_driven_from_the_keyboard_without_restricted_items()
    {
        var expected = await FromDatabaseAsync();
        Assert.True(expected.Priorities.Count >= 3, "The sample strategy has at least three priorities.");
        var page = await browser.SignedInPageAsync(Account);
        var watch = browser.Watch(page);
        await page.GotoAsync("/p/safermk/dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board dashboard", Level = 1 })).ToBeFocusedAsync();

        // From the page's heading, where focus lands after navigation, the next stop is the meeting mode button.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Meeting mode" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Assertions.Expect(heading).ToHaveTextAsync($"{expected.Priorities[0].Code} · {expected.Priorities[0].Title}");
        await Assertions.Expect(page.GetByText($"Priority 1 of {expected.Priorities.Count}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Switch)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Public part of the meeting")).ToBeVisibleAsync();

        var seen = new List<string>();
        for (var i = 0; i < expected.Priorities.Count; i++)
        {
            var priority = expected.Priorities[i];
            await Assertions.Expect(heading).ToHaveTextAsync($"{priority.Code} · {priority.Title}");
            var counts = page.GetByRole(AriaRole.List, new() { Name = "Actions by RAG rating" });
            foreach (var rag in Enum.GetValues<RagRating>())
            {
                await Assertions.Expect(counts.GetByRole(AriaRole.Listitem).Filter(new() { HasText = rag.Label() })).ToHaveTextAsync(new Regex($@"{rag.Label()}\s*{priority.ByRag[rag]}$"));
            }

            seen.Add(await page.GetByRole(AriaRole.Main).InnerTextAsync());
            if (i == expected.Priorities.Count - 1) break;
            // As a person does: the next key once the screen has settled on this priority with the keyboard in it.
            await Assertions.Expect(page.Locator(".meeting-mode:focus-within")).ToHaveCountAsync(1);
            // ArrowRight moves on a priority; PageDown moves a screen of actions, into the next priority only from its last screen.
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(page.GetByText($"Priority {i + 2} of {expected.Priorities.Count}")).ToBeVisibleAsync();
        }

        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(heading).ToHaveTextAsync($"{expected.Priorities[^2].Code} · {expected.Priorities[^2].Title}");
        AssertNoneOf(expected.RestrictedTitles, string.Join("\n", seen), "meeting mode");

        // Out again by keyboard: the first stop in the meeting screen leaves it.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Leave meeting mode" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board dashboard", Level = 1 })).ToBeVisibleAsync();

        watch.AssertClean("Meeting mode");
        await page.Context.CloseAsync();
    }
}
