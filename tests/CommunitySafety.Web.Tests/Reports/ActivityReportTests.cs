using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Reports;

public class ActivityReportTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Coordinator = "coordinator@safermk.example";

    private async Task<T> WithServiceAsync<T>(Func<ActivityReportService, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ActivityReportService>());
    }

    /// <summary>The SaferMK Partnership meeting of 30 June (2021 in the papers), whose previous meeting was 10 March.</summary>
    private Task<int> JuneMeetingAsync() => app.WithDbAsync(db => db.Meetings
        .Where(m => m.Board!.Kind == BoardKind.Partnership && m.Board.Partnership!.Slug == "safermk" && m.StartsAt.Month == 6)
        .Select(m => m.Id).SingleAsync());

    private async Task<ActivityReport> DraftAsync(string email, bool exempt)
    {
        var pid = await app.PartnershipIdAsync("safermk");
        var actor = await app.ActorAsync(email);
        var meeting = await JuneMeetingAsync();
        var result = await WithServiceAsync(s => s.DraftAsync(pid, meeting, exempt, actor));
        Assert.True(result.Succeeded, result.Message);
        return (await WithServiceAsync(s => s.FindAsync(pid, result.Id!.Value, actor)))!;
    }

    [Fact]
    public async Task The_draft_gathers_flagged_commentary_since_the_previous_meeting_by_board_with_funding_changes()
    {
        var report = await DraftAsync(Coordinator, exempt: false);
        var sections = report.Sections.OrderBy(s => s.Order).ToList();

        Assert.Equal(["Tasking Board", "Risk Board", "Prevent Board", "Knife Crime Task and Finish Group", "Funding"], sections.Select(s => s.Heading));
        Assert.Contains("schedule of works has been agreed", sections[0].Body, StringComparison.OrdinalIgnoreCase); // ASB-01, 23 June
        Assert.Contains("Channel Duty Assurance Statement was submitted", sections[2].Body, StringComparison.Ordinal); // VUL-03, 15 April
        Assert.DoesNotContain("The consultation launched on 1 November", string.Concat(sections.Select(s => s.Body))); // after the meeting
        Assert.Contains("£30,000.00 from the Mobile CCTV cameras", sections[^1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hazard Alley", sections[^1].Body, StringComparison.Ordinal); // allocated in February, before the period
        Assert.Contains("since March 2026", report.Purpose, StringComparison.Ordinal);
        Assert.Equal("Melanie Marshman (Head of Partnerships and Resilience)", report.Author);
        Assert.Equal(ActivityReportStatus.Draft, report.Status);
    }

    [Fact]
    public async Task The_docx_has_the_shape_of_the_papers()
    {
        var report = await DraftAsync(Coordinator, exempt: false);
        var docx = Docx.Open(ActivityReportDocument.Write(report));

        Assert.Contains(docx.Paragraphs, p => p.Style == "Title" && p.Text == "OVERVIEW OF PARTNERSHIP ACTIVITY");
        Assert.Contains(docx.Paragraphs, p => p.Text == "Report Author: Melanie Marshman (Head of Partnerships and Resilience)");
        Assert.Contains(docx.Paragraphs, p => p.Text == "Purpose of Report:");
        Assert.Contains(docx.Paragraphs, p => p.Text == "FOR INFORMATION");
        Assert.Equal(["1. Recommendations", "2. Partnership Activity to Note"], docx.Headings(1));
        Assert.Equal(["2.1 Tasking Board", "2.2 Risk Board", "2.3 Prevent Board", "2.4 Knife Crime Task and Finish Group", "2.5 Funding"], docx.Headings(2));
        Assert.Contains(docx.Paragraphs, p => p.Text.StartsWith("1.1The SaferMK Partnership is asked to note", StringComparison.Ordinal));
        Assert.Equal("", docx.HeaderText);
    }

    [Fact]
    public async Task Exempt_commentary_is_only_in_a_private_draft_made_by_a_cleared_user_which_says_EXEMPT()
    {
        // The DHR update of 10 March, after that meeting started, flagged as if an officer had asked for it.
        await app.WithDbAsync(async db =>
        {
            var update = await db.StatusUpdates.Where(u => u.Action!.Reference == "DA-03" && u.Action.Priority!.Strategy!.Partnership!.Slug == "safermk")
                .OrderBy(u => u.RecordedAt).FirstAsync();
            update.IncludeInActivityReport = true;
            return await db.SaveChangesAsync();
        });

        var publicDocx = Docx.Open(ActivityReportDocument.Write(await DraftAsync(Coordinator, exempt: false)));
        var privateReport = await DraftAsync(Coordinator, exempt: true);
        var privateDocx = Docx.Open(ActivityReportDocument.Write(privateReport));

        Assert.DoesNotContain("Oral update given to the Partnership in private session", publicDocx.AllText);
        Assert.Contains("Oral update given to the Partnership in private session", privateDocx.AllText);
        Assert.Contains("2.1 SaferMK Partnership", privateDocx.Headings(2));
        Assert.Equal(CommitteeDocument.ExemptMarking, privateDocx.HeaderText);

        var pid = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var cleared = await app.ActorAsync("cleared.board@safermk.example");
        Assert.Equal(SaveOutcome.Forbidden, (await WithServiceAsync(s => s.DraftAsync(pid, privateReport.MeetingId, true, board))).Outcome);
        var form = ActivityReportForm.From(privateReport);
        form.MarkFinal = true;
        var coordinator = await app.ActorAsync(Coordinator);
        Assert.True((await WithServiceAsync(s => s.SaveAsync(pid, form, coordinator))).Succeeded);
        Assert.Null(await WithServiceAsync(s => s.FindAsync(pid, privateReport.Id, board)));
        Assert.NotNull(await WithServiceAsync(s => s.FindAsync(pid, privateReport.Id, cleared)));
    }

    [Fact]
    public async Task The_coordinator_edits_the_draft_and_board_members_read_it_only_once_final()
    {
        var pid = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Coordinator);
        var board = await app.ActorAsync("board@safermk.example");
        var report = await DraftAsync(Coordinator, exempt: false);
        var form = ActivityReportForm.From(report);
        form.Purpose = "To update the Partnership on activity since March.";
        form.Sections.RemoveAt(form.Sections.Count - 1);
        form.Sections.Insert(0, new ActivityReportSectionForm { Heading = "CCTV", Body = "City centre CCTV provision is being reviewed.\n\nA second paragraph." });

        Assert.Null(await WithServiceAsync(s => s.FindAsync(pid, report.Id, board)));
        Assert.Equal(SaveOutcome.Forbidden, (await WithServiceAsync(s => s.SaveAsync(pid, form, board))).Outcome);
        Assert.True((await WithServiceAsync(s => s.SaveAsync(pid, form, coordinator))).Succeeded);

        var stale = ActivityReportForm.From(report); // still carries the version from before the save
        Assert.Equal(SaveOutcome.Conflict, (await WithServiceAsync(s => s.SaveAsync(pid, stale, coordinator))).Outcome);

        var saved = (await WithServiceAsync(s => s.FindAsync(pid, report.Id, coordinator)))!;
        Assert.Equal("CCTV", saved.Sections.OrderBy(s => s.Order).First().Heading);
        var final = ActivityReportForm.From(saved);
        final.MarkFinal = true;
        Assert.True((await WithServiceAsync(s => s.SaveAsync(pid, final, coordinator))).Succeeded);
        Assert.Equal(SaveOutcome.Forbidden, (await WithServiceAsync(s => s.SaveAsync(pid, ActivityReportForm.From(saved), coordinator))).Outcome);

        var read = await WithServiceAsync(s => s.FindAsync(pid, report.Id, board));
        Assert.NotNull(read);
        var docx = Docx.Open(ActivityReportDocument.Write(read));
        Assert.Equal("2.1 CCTV", docx.Headings(2).First());
        Assert.Contains(docx.Paragraphs, p => p.Text == "A second paragraph.");

        var client = await app.SignedInClientAsync("board@safermk.example");
        var response = await client.GetAsync($"/p/safermk/reports/activity/{report.Id}.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2.1 CCTV", Docx.Open(await response.Content.ReadAsByteArrayAsync()).Headings(2));
    }

    [Fact]
    public async Task A_section_without_a_heading_is_refused_and_nothing_is_saved()
    {
        var pid = await app.PartnershipIdAsync("safermk");
        var coordinator = await app.ActorAsync(Coordinator);
        var report = await DraftAsync(Coordinator, exempt: false);
        var form = ActivityReportForm.From(report);
        form.Purpose = "Changed";
        form.Sections[0].Heading = " ";

        var result = await WithServiceAsync(s => s.SaveAsync(pid, form, coordinator));

        Assert.Equal(SaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.ErrorMessage == "Every section needs a heading.");
        Assert.NotEqual("Changed", (await WithServiceAsync(s => s.FindAsync(pid, report.Id, coordinator)))!.Purpose);
    }
}
