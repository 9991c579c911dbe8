using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Milestones;
using CommunitySafety.Web.Features.Partners;
using CommunitySafety.Web.Features.Risks;
using CommunitySafety.Web.Features.Strategies;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Components;

/// <summary>The strategy, milestones, partners and risks pages against the sample partnerships.</summary>
public class PlanRegisterPagesTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor (switches, tabs) can only be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task The_SaferMK_strategy_lists_its_priorities_in_order_with_themes_counts_and_links()
    {
        await SignInAsync("coordinator@safermk.example");
        var priorities = await App.WithDbAsync(db => db.Priorities
            .Where(p => p.Strategy!.Partnership!.Slug == "safermk" && p.Strategy.Status == Domain.StrategyStatus.Adopted)
            .OrderBy(p => p.Order).Select(p => new { p.Id, p.Code, Actions = p.Actions.Count }).ToListAsync());

        var page = Render<StrategyPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("section.strategy")));
        var adopted = page.FindAll("section.strategy")[0];
        Assert.Contains("Adopted", adopted.TextContent);
        var shown = adopted.QuerySelectorAll("li.priority");
        Assert.Equal(["VC", "DA", "VUL", "ASB", "ENG"], shown.Select(li => li.QuerySelector("h4")!.TextContent.Trim().Split(' ')[0]).ToArray());
        var first = shown[0];
        Assert.Contains("Serious violence", first.QuerySelector(".themes")!.TextContent);
        Assert.Contains($"/p/safermk/actions?priority={priorities[0].Id}", first.InnerHtml);
        var counted = first.QuerySelectorAll(".rag-summary li").Sum(li => int.Parse(li.QuerySelector("strong")!.TextContent));
        Assert.Equal(priorities[0].Actions, counted);
        Assert.All(first.QuerySelectorAll(".rag-summary li"), li => Assert.NotNull(li.QuerySelector(".rag")));
    }

    [Fact]
    public async Task The_milestones_page_shows_the_overdue_first_then_groups_by_month()
    {
        await SignInAsync("coordinator@safermk.example");

        var page = Render<MilestonesPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("h2")));
        var headings = page.FindAll("h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.StartsWith("Overdue", headings[0]);
        Assert.Equal(["December 2026", "January 2027", "February 2027", "March 2027", "April 2027"], headings.Skip(1));

        var overdue = page.Find("section[aria-labelledby=overdue-heading]");
        Assert.Contains("Serpentine Court: on-site works start", overdue.TextContent);
        Assert.Contains("Overdue by 55 days", overdue.TextContent);
        Assert.NotNull(overdue.QuerySelector(".milestone-overdue svg"));
        Assert.DoesNotContain("Strategic assessment sign-off", page.Markup);

        var december = page.Find("section[aria-labelledby=month-2026-12]");
        var titles = december.QuerySelectorAll("tbody tr").Select(tr => tr.Children[1].TextContent).ToList();
        Assert.Equal(4, titles.Count);
        Assert.Contains(titles, t => t.Contains("Alcohol PSPO renewal"));
        Assert.Contains(titles, t => t.StartsWith("DHR") && t.Contains("Restricted"));
        Assert.Contains("10 Dec 2026", december.TextContent);
    }

    [Fact]
    public async Task Restricted_milestones_are_hidden_from_a_board_member_not_cleared()
    {
        await SignInAsync("board@safermk.example");

        var page = Render<MilestonesPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("section.milestone-month")));
        Assert.DoesNotContain("DHR", page.Markup);
        Assert.DoesNotContain("Restricted", page.Markup);
        Assert.DoesNotContain("/edit", page.Markup);
    }

    [Fact]
    public async Task The_completed_filter_brings_back_milestones_already_done()
    {
        await SignInAsync("coordinator@safermk.example");

        Services.GetRequiredService<NavigationManager>().NavigateTo("/p/safermk/milestones?completed=true");

        var page = Render<MilestonesPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("section.milestone-month")));
        var august = page.Find("section[aria-labelledby=month-2026-08]");
        Assert.Contains("Strategic assessment sign-off", august.TextContent);
        Assert.Contains("Completed 26 Aug 2026", august.TextContent);
    }

    [Fact]
    public async Task A_partner_lead_is_told_they_cannot_change_a_milestone_they_do_not_own()
    {
        await SignInAsync("lead.police@safermk.example");
        var id = await App.WithDbAsync(db => db.Milestones.Where(m => m.Partnership!.Slug == "safermk" && !m.IsRestricted).Select(m => m.Id).FirstAsync());

        var page = Render<MilestoneEdit>(p => p.Add(c => c.Slug, "safermk").Add(c => c.Id, id));

        page.WaitForAssertion(() => Assert.Contains("You may not change this milestone", page.Markup));
        Assert.Empty(page.FindAll("form, .mud-form"));
    }

    [Fact]
    public async Task The_risk_matrix_puts_Meltons_risks_in_their_cells_with_headers_and_level_words()
    {
        await SignInAsync("coordinator@melton.example");

        var page = Render<RisksPage>(p => p.Add(c => c.Slug, "melton"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("table.risk-matrix")));
        var matrix = page.Find("table.risk-matrix");
        var rowHeaders = matrix.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent).ToList();
        Assert.Equal(6, rowHeaders.Count);
        Assert.StartsWith("Likelihood 6", rowHeaders[0]);
        Assert.StartsWith("Likelihood 1", rowHeaders[5]);
        Assert.Equal(4, matrix.QuerySelectorAll("thead th[scope=col]").Length);
        Assert.Contains("Risk 1", matrix.QuerySelector("td[data-likelihood='3'][data-impact='2']")!.TextContent);
        Assert.Contains("Risk 2", matrix.QuerySelector("td[data-likelihood='2'][data-impact='2']")!.TextContent);
        Assert.Equal(2, matrix.QuerySelectorAll(".risk-cell-risks").Length);
        Assert.Equal("High", matrix.QuerySelector("td[data-likelihood='6'][data-impact='4'] .risk-cell-level")!.TextContent);
        Assert.Equal("Low", matrix.QuerySelector("td[data-likelihood='3'][data-impact='2'] .risk-cell-level")!.TextContent);

        var first = page.Find("tr[data-risk='1']");
        Assert.Contains("Lack of resource", first.TextContent);
        Assert.Contains("Low (3)", first.TextContent);
        Assert.Contains("Marginal (2)", first.TextContent);
        Assert.Contains("Change", first.TextContent);
    }

    [Fact]
    public async Task A_board_member_cannot_change_risks()
    {
        await SignInAsync("board@safermk.example");

        var page = Render<RisksPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("table.risk-matrix")));
        Assert.DoesNotContain("New risk", page.Markup);
        Assert.DoesNotContain("/edit", page.Markup);
    }

    [Theory]
    [InlineData("board@safermk.example", false)]
    [InlineData("coordinator@safermk.example", true)]
    public async Task Peoples_emails_are_shown_only_to_the_coordinator(string email, bool shown)
    {
        await SignInAsync(email);

        var page = Render<PartnersPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".people table")));
        Assert.Contains("Marc Tarbit", page.Find(".people table").TextContent);
        Assert.Equal(shown, page.Markup.Contains("marc.tarbit@safermk.example"));
        Assert.Equal(shown, page.Find(".people thead").TextContent.Contains("Email"));
    }

    [Fact]
    public async Task Boards_show_members_by_role_and_meetings_in_London_time()
    {
        await SignInAsync("board@safermk.example");
        var board = await App.WithDbAsync(db => db.Boards.Where(b => b.Partnership!.Slug == "safermk" && b.Meetings.Any() && b.Members.Any())
            .Select(b => new { b.Id, b.Name, Meeting = b.Meetings.OrderByDescending(m => m.StartsAt).First() }).FirstAsync());

        var page = Render<PartnersPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("section.board")));
        var section = page.Find($"section[aria-labelledby=board-{board.Id}]");
        Assert.Contains(board.Name, section.QuerySelector("h2")!.TextContent);
        var london = Domain.PartnershipClock.ToLondon(board.Meeting.StartsAt);
        Assert.Contains(london.ToString("d MMMM yyyy, HH:mm", Web.Components.Shared.UkCulture.Instance), section.TextContent);
    }
}
