using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Reports;

public class AnnualReportTests(TestApp app) : IClassFixture<TestApp>
{
    private const string DhrTitle = "Domestic Homicide Reviews";

    private async Task<ReportResult<AnnualReport>> BuildAsync(string email, bool exempt, string slug = "safermk", int? year = 2026)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnnualReportBuilder>().BuildAsync(slug, year, exempt, await app.ActorAsync(email));
    }

    [Fact]
    public async Task The_public_docx_is_a_committee_report_with_the_outcomes_actions_and_funding()
    {
        var result = await BuildAsync("scrutiny@safermk.example", exempt: false);
        var docx = Docx.Open(AnnualReportDocument.Write(result.Report!));

        Assert.Contains(docx.Paragraphs, p => p.Style == "Title" && p.Text == "SaferMK Partnership: annual outcome report 2026/27");
        Assert.Contains(docx.Paragraphs, p => p.Text.StartsWith("Report of: ", StringComparison.Ordinal));
        Assert.Equal(
            ["1 Summary", "2 Recommendations", "3 Reducing serious violence and knife crime", "4 Domestic abuse", "5 Vulnerable communities and individuals",
             "6 Neighbourhoods and anti-social behaviour", "7 Community engagement and reassurance", "8 The action plan's record", "9 Funding allocated and spent"],
            docx.Headings(1));
        Assert.Contains("3.1 Key outcomes", docx.Headings(2));
        // The number and text are split by a tab, which InnerText leaves out.
        Assert.Contains(docx.Paragraphs, p => p.Text.StartsWith("2.1Notes the progress", StringComparison.Ordinal));

        var knife = docx.RowContaining("Fewer knife-enabled crimes");
        Assert.Equal("386 offences (2025/26)", knife[1]);
        Assert.Equal("350 offences by 31 Mar 2027", knife[2]);
        Assert.Equal("391 offences (2026/27 Q2)", knife[3]);
        Assert.Equal("Red", knife[4]);
        Assert.Equal("improving", knife[5]);

        var opcc = docx.RowContaining("OPCC Community Safety Fund");
        Assert.Equal("£259,015.00", opcc[3]);
        Assert.Equal("£100,000.00", docx.RowContaining("Knife crime and youth violence prevention fund")[3]);
        Assert.Contains(docx.Tables, t => t[0].SequenceEqual(["Ref", "Action", "Due", "Days overdue", "Latest update"]));

        Assert.DoesNotContain(DhrTitle, docx.AllText);
        Assert.DoesNotContain("DA-03", docx.AllText);
        Assert.DoesNotContain(CommitteeDocument.ExemptMarking, docx.AllText);
        Assert.Equal("", docx.HeaderText);
    }

    [Fact]
    public async Task The_private_docx_has_the_exempt_action_and_says_EXEMPT_in_the_header_of_every_page()
    {
        var result = await BuildAsync("coordinator@safermk.example", exempt: true);
        var docx = Docx.Open(AnnualReportDocument.Write(result.Report!));

        Assert.Contains(DhrTitle, docx.AllText);
        Assert.Contains("DA-03", docx.RowContaining(DhrTitle)[0]);
        Assert.Equal(CommitteeDocument.ExemptMarking, docx.HeaderText);
        Assert.Contains(CommitteeDocument.ExemptNotice, docx.AllText);
        Assert.EndsWith("-exempt.docx", AnnualReportDocument.FileName(result.Report!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uncleared_user_asking_for_the_private_version_is_refused()
    {
        var result = await BuildAsync("scrutiny@safermk.example", exempt: true);

        Assert.Equal(ReportAccess.NotCleared, result.Access);
        Assert.Null(result.Report);
    }

    [Fact]
    public async Task The_action_plan_record_counts_every_visible_action_and_says_why_overdue_ones_are_late()
    {
        var report = (await BuildAsync("scrutiny@safermk.example", exempt: false)).Report!;

        Assert.Equal(23, report.Actions.Count());
        Assert.Equal(report.Actions.Count(), report.ActionsByStatus.Sum(s => s.Count));
        Assert.Equal(report.Actions.Count(), report.ActionsByRag.Sum(r => r.Count));
        Assert.Contains(report.Completed, a => a.Reference == "VUL-03");
        var late = Assert.Single(report.Overdue, a => a.Reference == "VC-03");
        Assert.False(string.IsNullOrWhiteSpace(late.LatestCommentary));
        Assert.Equal(new DateOnly(2026, 11, 24), report.AsOf);
    }

    [Fact]
    public async Task A_year_without_a_strategy_and_another_partnership_are_not_found()
    {
        Assert.Equal(ReportAccess.NotFound, (await BuildAsync("scrutiny@safermk.example", false, year: 2010)).Access);
        Assert.Equal(ReportAccess.NotFound, (await BuildAsync("scrutiny@melton.example", false, slug: "safermk")).Access);
    }

    [Fact]
    public async Task A_scrutiny_member_downloads_the_public_docx_and_is_refused_the_private_one()
    {
        var client = await app.SignedInClientAsync("scrutiny@safermk.example");

        var response = await client.GetAsync("/p/safermk/reports/annual.docx?year=2026&private=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("safermk-annual-outcome-report-2026.docx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.DoesNotContain(DhrTitle, Docx.Open(await response.Content.ReadAsByteArrayAsync()).AllText);

        var refused = await client.GetAsync("/p/safermk/reports/annual.docx?year=2026&private=true");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(DhrTitle, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_docx_endpoint_hides_another_partnership_and_needs_a_sign_in()
    {
        var melton = await app.SignedInClientAsync("scrutiny@melton.example");
        Assert.Equal(HttpStatusCode.NotFound, (await melton.GetAsync("/p/safermk/reports/annual.docx?year=2026")).StatusCode);

        var anonymous = await app.CreateClientWithoutRedirects().GetAsync("/p/safermk/reports/annual.docx?year=2026");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_cleared_coordinator_downloads_the_private_docx()
    {
        var client = await app.SignedInClientAsync("coordinator@safermk.example");

        var response = await client.GetAsync("/p/safermk/reports/annual.docx?year=2026&private=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var docx = Docx.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(DhrTitle, docx.AllText);
        Assert.Equal(CommitteeDocument.ExemptMarking, docx.HeaderText);
    }

    [Fact]
    public async Task Melton_report_comes_out_of_the_sample_data_with_its_five_key_areas()
    {
        var report = (await BuildAsync("scrutiny@melton.example", false, slug: "melton")).Report!;
        var docx = Docx.Open(AnnualReportDocument.Write(report));

        Assert.Equal(5, report.Priorities.Count);
        Assert.Contains("3 Drug related crime", docx.Headings(1));
        Assert.Equal(report.Outcomes.Count(), docx.Tables.Sum(t => t.Count(r => report.Outcomes.Any(o => r[0].StartsWith(o.Title, StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task The_summary_agrees_its_verbs_with_its_counts_and_a_year_without_funding_says_so_once()
    {
        var report = (await BuildAsync("scrutiny@melton.example", false, slug: "melton")).Report!;
        Assert.Empty(report.Funding);
        Assert.Equal(1, report.CountOutcomes(RagRating.Amber));

        var docx = Docx.Open(AnnualReportDocument.Write(report));

        Assert.Contains("Of the 6 key outcomes, 2 are on target, 1 is within tolerance and 3 are off target.", report.Summary);
        Assert.DoesNotContain(report.Summary, s => s.Contains("1 are", StringComparison.Ordinal) || s.Contains("1 have", StringComparison.Ordinal));
        Assert.Contains("No funding is recorded for 2026/27.", report.Summary);
        Assert.DoesNotContain("£0.00", docx.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Recommendations, r => r.Contains("funding allocated and spent", StringComparison.Ordinal));
        // The summary and the funding section say the same thing in the same words.
        Assert.Equal(2, docx.Paragraphs.Count(p => p.Text.EndsWith("No funding is recorded for 2026/27.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_year_with_funding_gives_the_amount_recorded_allocated_and_spent()
    {
        var report = (await BuildAsync("scrutiny@safermk.example", exempt: false)).Report!;

        Assert.Contains("£389,015.00 of funding is recorded for 2026/27, of which £369,535.33 has been allocated and £223,125.00 spent.", report.Summary);
        Assert.Contains("Of the 8 key outcomes, 4 are on target and 4 are off target.", report.Summary);
    }

    [Fact]
    public async Task Action_references_in_the_word_tables_are_held_together_and_never_break_at_their_hyphen()
    {
        var report = (await BuildAsync("scrutiny@melton.example", false, slug: "melton")).Report!;
        using var stream = new MemoryStream(AnnualReportDocument.Write(report));
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var references = report.Actions.Select(a => a.Reference).ToHashSet();

        var cells = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableCell>()
            .Where(c => references.Contains(string.Concat(c.Descendants().Select(e => e switch
            {
                DocumentFormat.OpenXml.Wordprocessing.Text t => t.Text,
                DocumentFormat.OpenXml.Wordprocessing.NoBreakHyphen => "-",
                _ => "",
            })))).ToList();

        Assert.True(cells.Count >= report.Actions.Count(), $"{cells.Count} reference cells");
        Assert.All(cells, c =>
        {
            Assert.NotEmpty(c.Descendants<DocumentFormat.OpenXml.Wordprocessing.NoBreakHyphen>());
            Assert.DoesNotContain(c.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>(), t => t.Text.Contains('-', StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task An_outcome_rated_red_beside_on_track_commentary_shows_the_rule_that_rated_it()
    {
        var report = (await BuildAsync("scrutiny@melton.example", false, slug: "melton")).Report!;
        var outcome = report.Outcomes.Single(o => o.Title.StartsWith("Taking a holistic approach", StringComparison.Ordinal));
        Assert.Equal(RagRating.Red, outcome.Rag);
        Assert.Equal("On track.", outcome.Commentary);

        var docx = Docx.Open(AnnualReportDocument.Write(report));

        var paragraph = Assert.Single(docx.Paragraphs, p => p.Text.StartsWith(outcome.Title + ":", StringComparison.Ordinal)).Text;
        Assert.Contains("Rated Red: by 30 Sept 2026 the path from the baseline of 22 people to the target of 40 people by 31 Mar 2027 should have reached 31 people; " +
                        "the latest figure, 21 people (2026/27 Q2), misses that by 10 people. Amber allows a miss of up to 1.8 people", paragraph);
        Assert.EndsWith("Commentary: On track.", paragraph, StringComparison.Ordinal);
        // Every outcome says why it has its rating, commentary or not.
        Assert.All(report.Outcomes, o => Assert.Contains(docx.Paragraphs, p => p.Text.StartsWith($"{o.Title}: Rated {o.Rag.Label()}:", StringComparison.Ordinal)));
    }
}
