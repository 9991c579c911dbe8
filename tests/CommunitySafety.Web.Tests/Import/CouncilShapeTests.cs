using System.Text;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Import;
using CommunitySafety.Web.Spreadsheets;
using static CommunitySafety.Tests.WorkbookBuilder;

namespace CommunitySafety.Web.Tests.Import;

/// <summary>Each shape councils give their action plans, read from a workbook written in the test; each fails if the shape is misread.</summary>
public class CouncilShapeTests
{
    private static (IReadOnlyList<PlanRow> Rows, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<ColumnMapping> Columns, int HeaderRow) Read(byte[] bytes, string name = "plan.xlsx")
    {
        var sheet = SpreadsheetReader.Read(bytes, name).Sheets[0];
        var header = ImportHeadings.FindHeaderRow(sheet) ?? throw new Xunit.Sdk.XunitException("no heading row found");
        var columns = ImportHeadings.SuggestMapping(sheet, header);
        var (rows, problems) = PlanSheetInterpreter.Read(sheet, header, columns);
        return (rows, problems, columns, header);
    }

    private static string Problem(IReadOnlyList<ImportProblem> problems, int row) =>
        string.Join(" | ", problems.Where(p => p.Row == row).Select(p => p.ToString()));

    [Fact]
    public void The_heading_row_is_found_below_titles_merged_banners_and_blank_rows()
    {
        var (rows, _, columns, header) = Read(CouncilPlans.MeltonQuarter1());

        Assert.Equal(3, header);
        Assert.Equal(ImportField.Reference, columns.Single(c => c.Heading == "Ref").Field);
        Assert.Equal(ImportField.Action, columns.Single(c => c.Heading == "What we will do").Field);
        Assert.Equal(ImportField.LeadOrganisation, columns.Single(c => c.Heading == "Lead agency").Field);
        Assert.Equal(ImportField.Ignore, columns.Single(c => c.Heading == "Who").Field);
        Assert.Equal(ImportField.DueDate, columns.Single(c => c.Heading == "Target date").Field);
        Assert.Equal(ImportField.Rag, columns.Single(c => c.Heading == "RAG").Field);
        Assert.Equal(ImportField.LatestUpdate, columns.Single(c => c.Heading == "Update").Field);
        Assert.Equal(["IMP-01", "IMP-02", "IMP-03"], rows.Select(r => r.Reference));
    }

    [Fact]
    public void A_priority_written_once_as_a_full_width_row_heads_the_actions_below_it()
    {
        var (rows, problems, _, _) = Read(CouncilPlans.MeltonQuarter1());

        Assert.Equal(["Drug related crime", "Drug related crime", "Road safety"], rows.Select(r => r.Priority));
        Assert.Contains("read as the priority heading 'Drug related crime'", Problem(problems, 5));
    }

    [Fact]
    public void A_priority_row_that_is_not_merged_but_sits_outside_the_action_column_is_a_heading_too()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Priority", "Ref", "Action", "Lead"],
            ["Reducing reoffending"],
            [null, "RR-1", "Mentoring for prison leavers", "Probation"],
        ]));

        var (rows, _, _, _) = Read(bytes);

        Assert.Equal("Reducing reoffending", Assert.Single(rows).Priority);
    }

    [Fact]
    public void Wrapped_multi_line_cells_become_one_line_titles_and_keep_their_lines_in_commentary()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Ref", "Action", "Commentary"],
            ["A1", "Knife crime\nprevention in\nsecondary schools", "Q1: six schools.\nQ2: four more."],
        ]));

        var row = Assert.Single(Read(bytes).Rows);

        Assert.Equal("Knife crime prevention in secondary schools", row.Title);
        Assert.Equal("Q1: six schools.\nQ2: four more.", row.Commentary);
    }

    [Fact]
    public void A_progress_row_under_an_action_is_that_actions_update()
    {
        var (rows, problems, _, _) = Read(CouncilPlans.MeltonQuarter1());

        Assert.Equal("Patrol plan agreed.\nfirst patrols held in June.", rows.Single(r => r.Reference == "IMP-02").Commentary);
        Assert.Contains("read as the update of row 7", Problem(problems, 8));
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Dates_written_in_words_are_read_as_the_end_of_the_period_or_left_empty_for_review()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Ref", "Action", "Start", "Target date"],
            ["D1", "Annual survey", "April 2026", "Annually in April"],
            ["D2", "Strategic assessment", null, "Q3 2024/25"],
            ["D3", "Channel panel", null, "Ongoing"],
            ["D4", "PSPO renewal", null, "March 2025"],
            ["D5", "DHR report", null, new DateOnly(2026, 12, 17)],
            ["D6", "Consultation", null, "31/01/2027"],
        ]));

        var (rows, problems, _, _) = Read(bytes);

        Assert.Equal(new DateOnly(2026, 4, 1), rows[0].StartDate);
        Assert.Null(rows[0].DueDate);
        Assert.Equal("Annually in April", rows[0].DueAsWritten);
        Assert.Equal(new DateOnly(2024, 12, 31), rows[1].DueDate);
        Assert.Null(rows[2].DueDate);
        Assert.Contains("row 4, Target date: 'Ongoing' is not a date — left empty, marked for review", Problem(problems, 4));
        Assert.Equal(new DateOnly(2025, 3, 31), rows[3].DueDate);
        Assert.Equal(new DateOnly(2026, 12, 17), rows[4].DueDate);
        Assert.Equal(new DateOnly(2027, 1, 31), rows[5].DueDate);
    }

    [Fact]
    public void A_rag_given_only_by_fill_colour_is_read_from_the_colour_and_says_so()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Ref", "Action", "RAG"],
            ["C1", "Red by plain red", Fill(null, "FFFF0000")],
            ["C2", "Amber by Excel's orange", Fill(null, "FFFFC000")],
            ["C3", "Amber by yellow", Fill(null, "FFFFFF00")],
            ["C4", "Green by Excel's green", Fill(null, "FF00B050")],
            ["C5", "Green by the 'Good' style", Fill(null, "FFC6EFCE")],
            ["C6", "Red by the 'Bad' style", Fill(null, "FFFFC7CE")],
            ["C7", "Green by theme accent 6, lighter", Theme(null, 9, 0.4)],
            ["C8", "Amber by theme accent 4", Theme(null, 7)],
            ["C9", "The word wins over the colour", Fill("Red", "FF00B050")],
            ["C10", "No fill, no rating", null],
        ]));

        var (rows, problems, _, _) = Read(bytes);

        Assert.Equal(
            [RagRating.Red, RagRating.Amber, RagRating.Amber, RagRating.Green, RagRating.Green, RagRating.Red, RagRating.Green, RagRating.Amber, RagRating.Red, null],
            rows.Select(r => r.Rag));
        Assert.All(rows.Take(8), r => Assert.True(r.RagFromColour));
        Assert.False(rows[8].RagFromColour);
        Assert.Contains("RAG Red read from the cell's fill colour", Problem(problems, 2));
    }

    [Fact]
    public void Status_progress_and_rag_words_are_read_as_councils_write_them()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Ref", "Action", "Status", "% complete", "RAG status"],
            ["S1", "One", "On track", new TestCell(0.6) { Percent = true }, "G"],
            ["S2", "Two", "Complete", "100%", "Blue"],
            ["S3", "Three", "On hold", 25, "A"],
            ["S4", "Four", "Slipping badly", "about half", "R"],
        ]));

        var (rows, problems, _, _) = Read(bytes);

        Assert.Equal([ActionStatus.InProgress, ActionStatus.Completed, ActionStatus.Deferred, null], rows.Select(r => r.Status));
        Assert.Equal([60, 100, 25, null], rows.Select(r => r.Progress));
        Assert.Equal([RagRating.Green, RagRating.Complete, RagRating.Amber, RagRating.Red], rows.Select(r => r.Rag));
        Assert.Contains("'Slipping badly' is not a status", Problem(problems, 5));
        Assert.Contains("'about half' is not a percentage", Problem(problems, 5));
    }

    [Fact]
    public void A_progress_heading_over_paragraphs_is_commentary_and_over_percentages_is_progress()
    {
        var words = Xlsx(("Plan", [["Ref", "Action", "Progress"], ["P1", "One", "Two schools signed up in May."]]));
        var numbers = Xlsx(("Plan", [["Ref", "Action", "Progress"], ["P1", "One", "40%"]]));

        Assert.Equal(ImportField.LatestUpdate, Read(words).Columns.Single(c => c.Heading == "Progress").Field);
        Assert.Equal(ImportField.Progress, Read(numbers).Columns.Single(c => c.Heading == "Progress").Field);
    }

    [Fact]
    public void A_csv_with_quoted_multi_line_cells_and_semicolons_reads_like_the_workbook()
    {
        var csv = "Melton CSP action plan;;;\n\nRef;Action;Lead agency;Target date\nIMP-09;\"Street pastors,\nweekend nights\";Leics Police;Q4 2026/27\n";

        var (rows, _, _, header) = Read(Encoding.UTF8.GetBytes(csv), "plan.csv");

        Assert.Equal(2, header);
        var row = Assert.Single(rows);
        Assert.Equal("Street pastors, weekend nights", row.Title);
        Assert.Equal("Leics Police", row.LeadOrganisation);
        Assert.Equal(new DateOnly(2027, 3, 31), row.DueDate);
    }

    [Fact]
    public void A_csv_saved_by_excel_in_the_windows_code_page_keeps_its_pound_signs()
    {
        var bytes = Encoding.Latin1.GetBytes("Ref,Action\nF1,Spend £30k on mobile CCTV\n");

        Assert.Equal("Spend £30k on mobile CCTV", Assert.Single(Read(bytes, "plan.csv").Rows).Title);
    }

    [Fact]
    public void A_formula_in_a_mapped_cell_is_a_problem_on_its_row_and_column()
    {
        var bytes = Xlsx(("Plan",
        [
            ["Ref", "Action", "Progress %"],
            ["F1", "Calculated", new TestCell(50) { Formula = "B9*2" }],
        ]));

        var problems = Read(bytes).Problems;

        var formula = Assert.Single(problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal("row 2, Progress %: '=B9*2' is a formula. Formulas are not imported: replace them with their values (Copy, then Paste Special › Values) and upload again.", formula.ToString());
    }

    [Theory]
    [InlineData("Lead agency", ImportField.LeadOrganisation)]
    [InlineData("Lead Officer(s)", ImportField.LeadOfficer)]
    [InlineData("Priority / Theme", ImportField.Priority)]
    [InlineData("Outcome / measure", ImportField.Outcome)]
    [InlineData("Overseeing board", ImportField.Board)]
    [InlineData("Q3 update", ImportField.LatestUpdate)]
    [InlineData("RAG Q3", ImportField.Rag)]
    [InlineData("Target date (dd/mm/yy)", ImportField.DueDate)]
    [InlineData("Last updated", ImportField.Ignore)]
    [InlineData("Who", ImportField.Ignore)]
    public void Headings_are_suggested_in_the_partnerships_words(string heading, ImportField field)
    {
        Assert.Equal(field, ImportHeadings.Suggest(heading));
    }
}
