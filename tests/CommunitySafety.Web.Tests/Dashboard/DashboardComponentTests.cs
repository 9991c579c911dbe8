using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Dashboard;
using CommunitySafety.Web.Tests.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>The dashboard and meeting mode against the SaferMK sample, checked against what the database holds.</summary>
public class DashboardComponentTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>, IAsyncLifetime
{
    // MudBlazor's chart, switch and date picker services dispose only asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    /// <summary>Counts per priority code and RAG for the adopted strategy, straight from the database.</summary>
    private Task<Dictionary<(string Code, RagRating Rag), int>> ExpectedCountsAsync(bool cleared) => App.WithDbAsync(async db =>
        (await db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.Priority.Strategy.Status == StrategyStatus.Adopted
                                     && (cleared || !a.IsRestricted))
            .Select(a => new { a.Priority!.Code, a.Rag }).ToListAsync())
        .GroupBy(a => (a.Code, a.Rag)).ToDictionary(g => g.Key, g => g.Count()));

    [Theory]
    [InlineData("board@safermk.example", false)]
    [InlineData("coordinator@safermk.example", true)]
    public async Task The_table_gives_the_count_of_actions_for_each_priority_and_rating(string email, bool cleared)
    {
        await SignInAsync(email);
        var expected = await ExpectedCountsAsync(cleared);

        var page = Render<DashboardPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".rag-counts-table tr[data-priority]")), TimeSpan.FromSeconds(5));
        var codes = expected.Keys.Select(k => k.Code).Distinct().ToList();
        Assert.Equal(codes.Count + 1, page.FindAll(".rag-counts-table tbody tr").Count);
        foreach (var code in codes)
        {
            var row = page.Find($".rag-counts-table tr[data-priority='{code}']");
            foreach (var rag in RagCountsTable.Ratings)
            {
                Assert.Equal(expected.GetValueOrDefault((code, rag)).ToString(), row.QuerySelector($"td[data-rag='{rag}']")!.TextContent);
            }
        }

        var total = page.Find(".rag-counts-table tr[data-priority='all'] td[data-total]").TextContent;
        Assert.Equal(expected.Values.Sum().ToString(), total);
        // The header words every rating, not only colours it.
        Assert.Contains("Red", page.Find(".rag-counts-table thead").TextContent);

        // Each priority's bar: hidden from screen readers (they have the numbers), as long as its total against the
        // largest priority's, and its red part ends where the priority's share of red actions does.
        var totals = codes.ToDictionary(c => c, c => expected.Where(e => e.Key.Code == c).Sum(e => e.Value));
        foreach (var code in codes)
        {
            var bar = page.Find($".rag-counts-table tr[data-priority='{code}'] .rag-bar");
            Assert.Equal("true", bar.GetAttribute("aria-hidden"));
            var style = bar.GetAttribute("style")!;
            Assert.Contains(FormattableString.Invariant($"width:{100.0 * totals[code] / totals.Values.Max():0.##}%"), style);
            Assert.Contains(FormattableString.Invariant($"--red:{100.0 * expected.GetValueOrDefault((code, RagRating.Red)) / totals[code]:0.##}%"), style);
        }
    }

    [Fact]
    public async Task Red_and_overdue_actions_show_their_lead_and_latest_commentary()
    {
        await SignInAsync("board@safermk.example");
        var today = App.Clock.Today();
        var expected = await App.WithDbAsync(db => db.Actions.AsNoTracking().Include(a => a.StatusUpdates).Include(a => a.LeadOrganisation)
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.Priority.Strategy.Status == StrategyStatus.Adopted && !a.IsRestricted)
            .ToListAsync());
        var attention = expected.Where(a => a.Rag == RagRating.Red || a.IsOverdueOn(today)).ToList();

        var page = Render<DashboardPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.Equal(attention.Count, page.FindAll("[data-testid=attention] tbody tr").Count), TimeSpan.FromSeconds(5));
        var sample = attention.First(a => a.StatusUpdates.Count > 0);
        var row = page.Find($"[data-testid=attention] tr[data-action-id='{sample.Id}']");
        Assert.Contains(sample.LeadOrganisation!.Name, row.TextContent);
        var latest = sample.StatusUpdates.OrderByDescending(u => u.RecordedAt).First().Commentary;
        Assert.Contains(latest[..Math.Min(40, latest.Length)], row.TextContent);
    }

    [Fact]
    public async Task When_an_action_changes_the_dashboard_asks_for_itself_again_and_then_shows_the_change()
    {
        await SignInAsync("board@safermk.example");
        var page = Render<DashboardPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=overall] strong[data-rag='Red']")), TimeSpan.FromSeconds(5));
        var redBefore = int.Parse(page.Find("[data-testid=overall] strong[data-rag='Red']").TextContent);
        var action = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.Priority.Strategy.Status == StrategyStatus.Adopted
                        && !a.IsRestricted && a.Rag == RagRating.Green && a.Status == ActionStatus.InProgress)
            .OrderBy(a => a.Id).FirstAsync());
        // RAG changes only with a status update; the service is the app's own (its ActionChanges singleton), as when
        // someone else posts in another browser.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<CommunitySafety.Web.Features.StatusUpdates.StatusUpdateService>();
            var partnershipId = await App.PartnershipIdAsync("safermk");
            var coordinator = await App.ActorAsync("coordinator@safermk.example");
            var draft = (await updates.PrepareAsync(partnershipId, action.Id, coordinator))!;
            draft.Form.Rag = RagRating.Red;
            draft.Form.RagOverrideReason = "The funding partner has withdrawn.";
            draft.Form.Commentary = "Funding withdrawn at the tasking meeting.";
            var result = await updates.PostAsync(partnershipId, draft.Form, coordinator);
            Assert.True(result.Succeeded, result.Message);
        }

        Services.GetRequiredService<ActionChanges>().Publish(new ActionChange(await App.PartnershipIdAsync("safermk"), action.Id, DateTime.UtcNow));

        // The page is static: its live part says it changed and asks the browser to fetch it again, and the fetched page has the change.
        // (The refresh itself is the browser's: DashboardBrowserTests watch a real one.)
        page.WaitForAssertion(() => Assert.Contains("after a change to the plan", page.Find("[data-live=on]").TextContent), TimeSpan.FromSeconds(5));
        var refreshed = Render<DashboardPage>(p => p.Add(c => c.Slug, "safermk"));
        refreshed.WaitForAssertion(() => Assert.Equal((redBefore + 1).ToString(), refreshed.Find("[data-testid=overall] strong[data-rag='Red']").TextContent),
            TimeSpan.FromSeconds(5));
        Assert.NotEmpty(refreshed.FindAll($"[data-testid=attention] tr[data-action-id='{action.Id}']"));
    }

    [Fact]
    public async Task Meeting_mode_offers_the_private_part_only_to_someone_cleared()
    {
        await SignInAsync("board@safermk.example");
        var page = Render<MeetingMode>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1[data-priority]")), TimeSpan.FromSeconds(5));

        Assert.DoesNotContain("Private part", page.Markup);
        Assert.Contains("Public part of the meeting", page.Markup);
        Assert.Empty(page.FindAll("[data-restricted='yes']"));
    }

    [Fact]
    public async Task A_cleared_viewer_sees_exempt_items_only_after_switching_to_the_private_part()
    {
        await SignInAsync("cleared.board@safermk.example");
        var restricted = await App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && a.Priority.Strategy.Status == StrategyStatus.Adopted && a.IsRestricted)
            .Select(a => new { a.Id, a.Priority!.Code }).FirstAsync());
        var page = Render<MeetingMode>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.True(page.FindAll("h1[data-priority]").Count > 0, page.Markup), TimeSpan.FromSeconds(5));

        await GoToPriorityAsync(page, restricted.Code);
        Assert.Empty(page.FindAll("[data-restricted='yes']"));
        Assert.Empty(page.FindAll("[data-testid=private-banner]"));

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => Assert.True(page.FindAll($"tr[data-action-id='{restricted.Id}'][data-restricted='yes']").Count > 0, page.Markup), TimeSpan.FromSeconds(5));
        Assert.Equal("PRIVATE — EXEMPT INFORMATION", page.Find("[data-testid=private-banner]").TextContent);
    }

    [Fact]
    public async Task The_arrow_keys_move_between_priorities()
    {
        await SignInAsync("board@safermk.example");
        var page = Render<MeetingMode>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h1[data-priority]")), TimeSpan.FromSeconds(5));
        var first = page.Find("h1").GetAttribute("data-priority");

        page.Find(".meeting-mode").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowRight" });
        page.WaitForAssertion(() => Assert.NotEqual(first, page.Find("h1").GetAttribute("data-priority")));
        Assert.Contains("Priority 2 of", page.Markup);

        page.Find(".meeting-mode").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowLeft" });
        page.WaitForAssertion(() => Assert.Equal(first, page.Find("h1").GetAttribute("data-priority")));
    }

    private static async Task GoToPriorityAsync(IRenderedComponent<MeetingMode> page, string code)
    {
        for (var i = 0; i < 20 && page.Find("h1").GetAttribute("data-priority") != code; i++)
        {
            await page.Find(".meeting-mode").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowRight" });
        }

        Assert.Equal(code, page.Find("h1").GetAttribute("data-priority"));
    }
}
