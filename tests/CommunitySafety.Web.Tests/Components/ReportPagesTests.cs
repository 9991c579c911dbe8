using Bunit;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Outcomes;
using CommunitySafety.Web.Features.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Components;

public class ReportPagesTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // MudSelect and MudDatePicker bring services that can only be disposed asynchronously; xunit 2 would dispose synchronously.
    async Task IAsyncLifetime.DisposeAsync() => await ((IAsyncDisposable)this).DisposeAsync();

    private IRenderedComponent<AnnualReportPage> RenderAnnualReport(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/p/safermk/reports/annual" + query);
        return Render<AnnualReportPage>(p => p.Add(c => c.Slug, "safermk"));
    }

    [Fact]
    public async Task A_scrutiny_member_sees_the_public_annual_report_with_a_word_download()
    {
        await SignInAsync("scrutiny@safermk.example");

        var page = RenderAnnualReport("?year=2026");

        page.WaitForAssertion(() => Assert.Equal("SaferMK Partnership: annual outcome report 2026/27", page.Find("h1").TextContent));
        Assert.Contains(page.FindAll("h2"), h => h.TextContent == "3 Reducing serious violence and knife crime");
        var knife = page.FindAll("tr").First(r => r.TextContent.Contains("Fewer knife-enabled crimes", StringComparison.Ordinal));
        Assert.Contains("386 offences", knife.TextContent);
        Assert.Equal("Red", knife.QuerySelector("[data-rag]")!.GetAttribute("data-rag"));
        Assert.Contains("£259,015.00", page.Markup);
        Assert.DoesNotContain("Domestic Homicide Reviews", page.Markup);
        Assert.Empty(page.FindAll(".exempt-marking"));
        Assert.DoesNotContain("private (exempt) version", page.Markup);
        var download = page.Find("a[download]");
        Assert.Equal("/p/safermk/reports/annual.docx?year=2026&private=false", download.GetAttribute("href"));
    }

    [Fact]
    public async Task The_annual_report_page_gives_each_outcome_its_rule_and_keeps_references_whole()
    {
        await SignInAsync("scrutiny@safermk.example");

        var page = RenderAnnualReport("?year=2026");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".outcome-rating-reason")));
        var knife = page.FindAll(".outcome-rating-reason").Single(p => p.TextContent.Contains("Fewer knife-enabled crimes:", StringComparison.Ordinal));
        Assert.Contains("Rated Red: by 30 Sept 2026 the path from the baseline of 386 offences to the target of 350 offences by 31 Mar 2027 should have reached 368 offences", knife.TextContent);
        Assert.Contains("Commentary: Off target", knife.TextContent);
        Assert.Equal(8, page.FindAll(".outcome-rating-reason").Count);
        var references = page.FindAll("th[scope=row]").Where(th => System.Text.RegularExpressions.Regex.IsMatch(th.TextContent.Trim(), @"^[A-Z]+-\d+$")).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, th => Assert.Contains("ref", th.ClassList));
    }

    [Fact]
    public async Task A_scrutiny_member_asking_for_the_private_version_is_told_no_and_sees_nothing_restricted()
    {
        await SignInAsync("scrutiny@safermk.example");

        var page = RenderAnnualReport("?year=2026&private=true");

        page.WaitForAssertion(() => Assert.Contains("not cleared to see exempt information", page.Find("[role=alert]").TextContent));
        Assert.Empty(page.FindAll("article"));
        Assert.DoesNotContain("Domestic Homicide Reviews", page.Markup);
    }

    [Fact]
    public async Task The_private_version_is_marked_EXEMPT_and_includes_the_exempt_action()
    {
        await SignInAsync("coordinator@safermk.example");

        var page = RenderAnnualReport("?year=2026&private=true");

        page.WaitForAssertion(() => Assert.Contains("EXEMPT", page.Find(".exempt-marking").TextContent));
        Assert.Contains("Domestic Homicide Reviews", page.Markup);
        Assert.Contains("private=true", page.Find("a[download]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_outcomes_page_shows_each_outcome_with_a_described_chart_and_its_figures_in_a_table()
    {
        await SignInAsync("coordinator@safermk.example");

        var page = Render<OutcomesPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".outcome-chart svg")));
        var charts = page.FindAll(".outcome-chart svg");
        Assert.Equal(8, charts.Count);
        Assert.Contains(charts, c => c.GetAttribute("aria-label")!.Contains("baseline 386 offences, target 350 offences", StringComparison.Ordinal));
        Assert.Equal(8, page.FindAll("table caption").Count(c => c.TextContent.StartsWith("Measurements of", StringComparison.Ordinal)));
        Assert.NotEmpty(page.FindAll("svg .baseline"));
        Assert.NotEmpty(page.FindAll("svg .target"));
        Assert.Contains(page.FindAll("button"), b => b.GetAttribute("aria-label") == "Record a measurement of Fewer knife-enabled crimes");
    }

    [Fact]
    public async Task A_scrutiny_member_reads_outcomes_but_cannot_record()
    {
        await SignInAsync("scrutiny@safermk.example");

        var page = Render<OutcomesPage>(p => p.Add(c => c.Slug, "safermk"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".outcome-chart svg")));
        Assert.DoesNotContain("Record a measurement", page.Markup);
    }

    [Fact]
    public async Task The_coordinator_records_a_measurement_with_the_form()
    {
        await SignInAsync("coordinator@safermk.example");
        var page = Render<OutcomesPage>(p => p.Add(c => c.Slug, "safermk"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button")));

        await ClickAsync(page, "button", b => b.GetAttribute("aria-label") == "Record a measurement of A bigger and more representative survey response");
        // The form opens after a round trip to the database: slower on PostgreSQL than on a SQLite file.
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("Save measurement", StringComparison.Ordinal)));
        await ClickAsync(page, "button", b => b.TextContent.Contains("Save measurement", StringComparison.Ordinal));

        page.WaitForAssertion(() => Assert.Contains("Enter the period", page.Markup));
        Assert.Contains("Enter the value measured.", page.Markup);
    }

    [Fact]
    public void The_activity_view_numbers_sections_as_the_papers_do_and_marks_a_private_one_exempt()
    {
        var report = new ActivityReport
        {
            Author = "Melanie Marshman (Head of Partnerships and Resilience)",
            Purpose = "To provide an update on partnership activity.",
            Recommendations = "The Community Safety Partnership is asked to note the following highlights.",
            IsRestricted = true,
            Meeting = new Meeting { StartsAt = new DateTime(2026, 6, 30, 13, 0, 0, DateTimeKind.Utc), Board = new Board { Name = "SaferMK Partnership" } },
            Sections = [new() { Order = 2, Heading = "Prevent Board", Body = "Quarterly." }, new() { Order = 1, Heading = "Tasking Board", Body = "One.\n\nTwo." }],
        };

        var view = Render<ActivityReportView>(p => p.Add(c => c.Report, report));

        Assert.Equal("OVERVIEW OF PARTNERSHIP ACTIVITY", view.Find("h1").TextContent);
        Assert.Equal(["1. Recommendations", "2. Partnership Activity to Note"], view.FindAll("h2").Select(h => h.TextContent));
        Assert.Equal(["2.1 Tasking Board", "2.2 Prevent Board"], view.FindAll("h3").Select(h => h.TextContent));
        Assert.Contains("FOR INFORMATION", view.Markup);
        Assert.Contains("1.1 The Community Safety Partnership is asked", view.Markup);
        Assert.Contains("EXEMPT", view.Find(".exempt-marking").TextContent);
        Assert.Contains("30 June 2026", view.Markup);
    }
}
