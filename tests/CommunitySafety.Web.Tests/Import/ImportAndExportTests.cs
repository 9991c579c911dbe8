using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Export;
using CommunitySafety.Web.Features.Import;
using CommunitySafety.Web.Spreadsheets;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommunitySafety.Tests.WorkbookBuilder;

namespace CommunitySafety.Web.Tests.Import;

/// <summary>
/// Importing into and exporting from the sample partnerships on the test app's real SQLite file. The tests share one
/// database, so each imports actions under references of its own.
/// </summary>
public class ImportAndExportTests(TestApp app) : IClassFixture<TestApp>
{
    private const string MeltonCoordinator = "coordinator@melton.example";
    private const string SaferMkCoordinator = "coordinator@safermk.example";

    private async Task<T> WithAsync<T, TService>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<ImportPlan> PreviewAsync(string slug, string email, byte[] bytes, string fileName, ImportChoices? choices = null) =>
        await WithAsync<ImportPlan, ImportService>(async s => await s.PreviewAsync(await app.PartnershipIdAsync(slug), ImportService.Read(bytes, fileName), choices ?? new ImportChoices(), await app.ActorAsync(email)));

    private async Task<ImportOutcome> ImportAsync(string slug, string email, byte[] bytes, string fileName, ImportChoices choices, string digest) =>
        await WithAsync<ImportOutcome, ImportService>(async s => await s.ImportAsync(await app.PartnershipIdAsync(slug), ImportService.Read(bytes, fileName), choices, digest, await app.ActorAsync(email)));

    /// <summary>Previews, takes the suggested answers, and imports: what a coordinator does who agrees with the preview.</summary>
    private async Task<(ImportPlan Plan, ImportOutcome Outcome)> PreviewAndImportAsync(string slug, string email, byte[] bytes, string fileName, Action<ImportPlan, ImportChoices>? choose = null)
    {
        var choices = new ImportChoices();
        var plan = await PreviewAsync(slug, email, bytes, fileName, choices);
        if (choose is not null)
        {
            choose(plan, choices);
            plan = await PreviewAsync(slug, email, bytes, fileName, choices);
        }

        return (plan, await ImportAsync(slug, email, bytes, fileName, choices, plan.Digest));
    }

    private Task<List<Action>> ActionsAsync(string prefix) => app.WithDbAsync(db => db.Actions.AsNoTracking()
        .Where(a => a.Reference.StartsWith(prefix))
        .Include(a => a.StatusUpdates).Include(a => a.Priority).Include(a => a.LeadOrganisation).Include(a => a.LeadPerson)
        .OrderBy(a => a.Reference).ToListAsync());

    private static byte[] Plan(params TestCell?[][] rows) =>
        Xlsx(("Plan", [["Priority", "Ref", "Action", "Lead agency", "Lead officer", "Due date", "Status", "RAG", "% complete", "Update"], .. rows]));

    [Fact]
    public async Task A_council_plan_is_imported_whole_with_a_status_update_per_action_audited_under_the_importer()
    {
        var (plan, outcome) = await PreviewAndImportAsync("melton", MeltonCoordinator, CouncilPlans.MeltonQuarter1(), "Melton Q1.xlsx",
            (p, c) => c.Columns = [.. p.Columns.Select(col => col.Heading == "Who" ? col with { Field = ImportField.LeadOfficer } : col)]);

        Assert.Equal(ImportOutcomeKind.Imported, outcome.Kind);
        Assert.Equal(3, plan.NewCount);
        Assert.Contains(plan.Problems, p => p.ToString() == "row 6, Target date: 'Ongoing' is not a date — left empty, marked for review (the words are kept in the action's description).");
        Assert.Contains(plan.Problems, p => p.ToString().StartsWith("row 7, Lead agency: 'YOT' is not a partner — create it", StringComparison.Ordinal));
        Assert.Contains(plan.Problems, p => p.ToString().StartsWith("row 6, RAG: no word in the cell: RAG Green read from the cell's fill colour", StringComparison.Ordinal));
        var actions = await ActionsAsync("IMP-");
        Assert.Equal(["IMP-01", "IMP-02", "IMP-03"], actions.Select(a => a.Reference));
        var first = actions[0];
        Assert.Equal("Closure orders on cuckooed addresses", first.Title);
        Assert.Equal("Drug related crime", first.Priority!.Title);
        Assert.Equal("Leicestershire Police", first.LeadOrganisation!.Name);
        Assert.Equal("Inspector Daniel Hewitt", first.LeadPerson!.Name);
        Assert.Null(first.DueDate);
        Assert.Contains("Target date in the partnership's plan: Ongoing", first.Description);
        Assert.Equal(RagRating.Green, first.Rag);
        var update = Assert.Single(first.StatusUpdates);
        Assert.Equal("Two closure orders obtained.", update.Commentary);
        Assert.Equal("Melton Q1.xlsx, row 6", update.ImportedFrom);
        Assert.Equal("Albert Wilson", update.AuthorName);
        Assert.Equal("YOT", actions[1].LeadOrganisation!.Name);
        Assert.Equal("Patrol plan agreed.\nfirst patrols held in June.", actions[1].StatusUpdates.Single().Commentary);
        Assert.Equal(new DateOnly(2026, 12, 31), actions[1].DueDate);
        Assert.Equal("Road safety", actions[2].Priority!.Title);
        Assert.Equal(RagRating.Red, actions[2].Rag);

        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(Action) && e.Operation == AuditOperation.Create && actions.Select(a => a.Id.ToString()).Contains(e.EntityId)).ToListAsync());
        Assert.Equal(3, audited.Count);
        Assert.All(audited, e => Assert.Equal("Albert Wilson", e.UserName));

        // The next quarter's file: the same three actions, each with a status update of its own, and not one new action.
        var again = await PreviewAndImportAsync("melton", MeltonCoordinator, CouncilPlans.MeltonQuarter2(), "Melton Q2.xlsx",
            (p, c) => c.Columns = [.. p.Columns.Select(col => col.Heading == "Who" ? col with { Field = ImportField.LeadOfficer } : col)]);

        Assert.Equal(ImportOutcomeKind.Imported, again.Outcome.Kind);
        Assert.Equal(0, again.Plan.NewCount);
        Assert.Equal(3, again.Plan.UpdateCount);
        var after = await ActionsAsync("IMP-");
        Assert.Equal(3, after.Count);
        Assert.All(after, a => Assert.Equal(2, a.StatusUpdates.Count));
        Assert.Equal(["Two closure orders obtained.", "Four closure orders obtained."], after[0].StatusUpdates.OrderBy(u => u.Id).Select(u => u.Commentary));
        Assert.Equal(RagRating.Green, after[1].Rag);
        Assert.Equal(RagRating.Amber, after[2].Rag);
    }

    [Fact]
    public async Task A_file_rag_that_differs_from_the_suggestion_is_kept_with_an_automatic_reason_said_in_the_preview()
    {
        // Due long ago and barely begun, the rules say Red; the council's plan says Green.
        var bytes = Plan(["Road safety", "OVR-01", "Late campaign", "LFRS", null, new DateOnly(2026, 1, 31), "In progress", "Green", 10, "Campaign booked."]);

        var (plan, outcome) = await PreviewAndImportAsync("melton", MeltonCoordinator, bytes, "override.xlsx");

        Assert.Equal(ImportOutcomeKind.Imported, outcome.Kind);
        Assert.Contains(plan.Problems, p => p.ToString().Contains("the file rates it Green where the rules suggest Red — Green is kept, with the reason \"Imported from override.xlsx, row 2", StringComparison.Ordinal));
        var update = (await ActionsAsync("OVR-")).Single().StatusUpdates.Single();
        Assert.Equal(RagRating.Green, update.Rag);
        Assert.Equal(RagRating.Red, update.SuggestedRag);
        Assert.Equal("Imported from override.xlsx, row 2: the partnership's own plan rates it Green.", update.RagOverrideReason);
    }

    [Fact]
    public async Task A_renumbered_action_is_matched_by_title_only_when_the_coordinator_confirms_it()
    {
        await PreviewAndImportAsync("melton", MeltonCoordinator, Plan(["Road safety", "REN-01", "Renumbered action", "LFRS", null, null, "In progress", "Green", 20, "Started."]), "year1.xlsx");
        var renumbered = Plan(["Road safety", "REN-10", "Renumbered action", "LFRS", null, null, "In progress", "Green", 40, "Half way."]);

        var unanswered = await PreviewAsync("melton", MeltonCoordinator, renumbered, "year2.xlsx");
        Assert.False(unanswered.CanImport);
        var question = Assert.Single(unanswered.TitleMatches);
        Assert.Equal("REN-01", question.ActionReference);

        var (plan, outcome) = await PreviewAndImportAsync("melton", MeltonCoordinator, renumbered, "year2.xlsx", (_, c) => c.TitleMatches[2] = true);

        Assert.Equal(ImportOutcomeKind.Imported, outcome.Kind);
        Assert.Equal(0, plan.NewCount);
        var action = Assert.Single(await ActionsAsync("REN-"));
        Assert.Equal("REN-10", action.Reference);
        Assert.Equal(40, action.ProgressPercent);
        Assert.Equal(2, action.StatusUpdates.Count);
    }

    [Fact]
    public async Task A_file_with_a_problem_writes_nothing()
    {
        var bytes = Plan(["Road safety", "BAD-01", "Fine row", "LFRS", null, null, null, null, null, null],
            ["Road safety", "BAD-02", "Calculated row", "LFRS", null, null, null, null, new TestCell(50) { Formula = "I2*2" }, null]);
        var before = await app.WithDbAsync(db => Task.FromResult((db.Actions.Count(), db.StatusUpdates.Count(), db.AuditEntries.Count())));

        var (plan, outcome) = await PreviewAndImportAsync("melton", MeltonCoordinator, bytes, "formula.xlsx");

        Assert.False(plan.CanImport);
        Assert.Equal(ImportOutcomeKind.Invalid, outcome.Kind);
        Assert.Empty(await ActionsAsync("BAD-"));
        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult((db.Actions.Count(), db.StatusUpdates.Count(), db.AuditEntries.Count()))));
    }

    [Fact]
    public async Task An_import_whose_preview_is_out_of_date_writes_nothing()
    {
        var bytes = Plan(["Road safety", "OLD-01", "Previewed action", "LFRS", null, null, null, null, null, null]);
        var choices = new ImportChoices();
        await PreviewAsync("melton", MeltonCoordinator, bytes, "old.xlsx", choices);

        var outcome = await ImportAsync("melton", MeltonCoordinator, bytes, "old.xlsx", choices, "a digest of another preview");

        Assert.Equal(ImportOutcomeKind.Changed, outcome.Kind);
        Assert.Empty(await ActionsAsync("OLD-"));
    }

    [Fact]
    public async Task Only_a_coordinator_of_the_partnership_may_import()
    {
        var bytes = Plan(["Road safety", "LEAD-01", "By a lead", "LFRS", null, null, null, null, null, null]);

        var outcome = await ImportAsync("melton", "lead.police@melton.example", bytes, "lead.xlsx", new ImportChoices(), "");
        var otherPartnership = await ImportAsync("melton", SaferMkCoordinator, bytes, "lead.xlsx", new ImportChoices(), "");

        Assert.Equal(ImportOutcomeKind.Forbidden, outcome.Kind);
        Assert.Equal(ImportOutcomeKind.Forbidden, otherPartnership.Kind);
        Assert.Empty(await ActionsAsync("LEAD-"));
    }

    [Fact]
    public async Task A_saved_mapping_is_used_for_next_quarters_file_with_the_same_headings()
    {
        var bytes = Xlsx(("Plan", [["Theme", "No.", "Activity", "Who", "Comments"], ["Road safety", "MAP-01", "Mapped", "Ian Blake", "Q1."]]));
        var plan = await PreviewAsync("melton", MeltonCoordinator, bytes, "mapped.xlsx");
        var columns = plan.Columns.Select(c => c.Heading == "Who" ? c with { Field = ImportField.LeadOfficer } : c).ToList();
        var id = await app.PartnershipIdAsync("melton");
        var error = await WithAsync<string?, ImportService>(async s => await s.SaveMappingAsync(id, "Quarterly plan", columns, await app.ActorAsync(MeltonCoordinator)));
        Assert.Null(error);

        var next = await PreviewAsync("melton", MeltonCoordinator, bytes, "mapped-q2.xlsx");

        Assert.Equal("Quarterly plan", next.SavedMappingName);
        Assert.Equal(ImportField.LeadOfficer, next.Columns.Single(c => c.Heading == "Who").Field);
        Assert.Equal("Ian Blake", next.Actions.Single().LeadPersonName);
    }

    [Fact]
    public async Task Green_for_a_completed_action_is_no_change_and_records_no_update()
    {
        var completed = await app.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "melton" && a.Status == ActionStatus.Completed).OrderBy(a => a.Id).FirstAsync());
        var bytes = Xlsx(("Plan", [["Ref", "Action", "RAG"], [completed.Reference, completed.Title, "Green"]]));

        var plan = await PreviewAsync("melton", MeltonCoordinator, bytes, "completed.xlsx");

        Assert.Equal(PlannedKind.Unchanged, Assert.Single(plan.Actions).Kind);
        Assert.False(plan.CanImport);
    }

    [Fact]
    public async Task A_sheet_with_no_heading_row_gets_a_clear_message()
    {
        var plan = await PreviewAsync("melton", MeltonCoordinator, Xlsx(("Notes", [["Minutes"], ["Apologies", "Cllr Smith"]])), "notes.xlsx");

        Assert.False(plan.CanImport);
        Assert.StartsWith("No heading row was found in the first 30 rows of 'Notes'", Assert.Single(plan.Problems).Message);
    }

    [Fact]
    public async Task An_action_plan_exported_and_imported_again_changes_nothing()
    {
        var coordinator = await app.ActorAsync(SaferMkCoordinator);
        var file = await WithAsync<ExportFile?, RegisterExport>(e => e.BuildAsync("safermk", Register.Actions, coordinator));
        var before = await app.WithDbAsync(db => Task.FromResult((db.Actions.Count(), db.StatusUpdates.Count(), db.AuditEntries.Count())));

        var plan = await PreviewAsync("safermk", SaferMkCoordinator, file!.Content, file.FileName);
        var outcome = await ImportAsync("safermk", SaferMkCoordinator, file.Content, file.FileName, new ImportChoices(), plan.Digest);

        Assert.True(plan.NewCount + plan.UpdateCount == 0, string.Join("\n", plan.Actions.Where(a => a.Kind != PlannedKind.Unchanged).Select(a => $"{a.Reference}: {a.Kind} {string.Join("; ", a.Changes)}")));
        Assert.Equal(24, plan.UnchangedCount);
        Assert.DoesNotContain(plan.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(ImportOutcomeKind.Invalid, outcome.Kind);
        Assert.Equal("Nothing was imported: the file changes nothing in the plan.", outcome.Message);
        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult((db.Actions.Count(), db.StatusUpdates.Count(), db.AuditEntries.Count()))));
    }

    [Fact]
    public async Task The_export_has_the_partnerships_headings_rag_fills_real_dates_a_frozen_filtered_header_and_no_restricted_row_for_the_uncleared()
    {
        var board = await app.ActorAsync("board@safermk.example");
        var file = await WithAsync<ExportFile?, RegisterExport>(e => e.BuildAsync("safermk", null, board));

        Assert.False(file!.IsExempt);
        using var document = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        var workbook = document.WorkbookPart!;
        Assert.Equal(["Action plan", "Milestones", "Outcomes", "Outcome measurements", "Risks", "Funding"], workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var grid = SpreadsheetReader.Read(file.Content, file.FileName).Sheets[0];
        Assert.Equal(["Priority", "Reference", "Action", "Description", "Lead organisation", "Lead officer", "Overseeing board", "Start date", "Due date", "Status", "RAG rating", "Progress (%)", "Latest update", "Last updated", "Restricted"],
            grid.Rows[1].Take(15).Select(c => c!.Text));
        var references = grid.Rows.Skip(2).Select(r => r[1]?.Text).ToList();
        Assert.Equal(23, references.Count);
        Assert.DoesNotContain("DA-03", references);
        Assert.DoesNotContain(grid.Rows.Skip(2), r => r[14]?.Text == "Yes");

        var vc01 = grid.Rows.Single(r => r[1]?.Text == "VC-01");
        Assert.Equal("Green", vc01[10]!.Text);
        Assert.Equal(RagRating.Green, vc01[10]!.FillRag);
        Assert.NotNull(vc01[8]!.Date);
        var red = grid.Rows.Skip(2).First(r => r[10]?.Text == "Red");
        Assert.Equal(RagRating.Red, red[10]!.FillRag);

        var sheetPart = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var pane = sheetPart.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A3", pane.TopLeftCell!.Value);
        Assert.Equal("A2:O25", sheetPart.Worksheet.Elements<AutoFilter>().Single().Reference!.Value);
        var dueCell = sheetPart.Worksheet.Descendants<Cell>().First(c => c.CellReference == "I3");
        var format = (CellFormat)workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.ElementAt((int)dueCell.StyleIndex!.Value);
        var code = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value;
        Assert.Equal("dd/mm/yyyy", code);
        Assert.All(sheetPart.Worksheet.Descendants<Column>(), c => Assert.InRange(c.Width!.Value, 8, 60));
        Assert.Empty(sheetPart.Worksheet.Descendants<OddHeader>());

        var milestones = SpreadsheetReader.Read(file.Content, file.FileName).Sheets[1];
        Assert.DoesNotContain(milestones.Rows, r => r.Any(c => c?.Text.Contains("DHR: overview report", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_cleared_users_export_includes_restricted_items_and_is_marked_exempt()
    {
        var coordinator = await app.ActorAsync(SaferMkCoordinator);
        var file = await WithAsync<ExportFile?, RegisterExport>(e => e.BuildAsync("safermk", Register.Actions, coordinator));

        Assert.True(file!.IsExempt);
        Assert.EndsWith("-EXEMPT.xlsx", file.FileName);
        var grid = SpreadsheetReader.Read(file.Content, file.FileName).Sheets.Single();
        Assert.StartsWith("EXEMPT: Not for publication", grid.Rows[1][0]!.Text);
        Assert.Equal("Yes", grid.Rows.Single(r => r[1]?.Text == "DA-03")[14]!.Text);
        using var document = SpreadsheetDocument.Open(new MemoryStream(file.Content), false);
        var sheetPart = document.WorkbookPart!.WorksheetParts.Single();
        Assert.Contains("EXEMPT", sheetPart.Worksheet.Descendants<OddHeader>().Single().Text);
    }

    [Fact]
    public async Task The_export_and_import_addresses_name_who_may_use_them()
    {
        var anonymous = await app.CreateClientWithoutRedirects().GetAsync("/p/safermk/export.xlsx");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);

        var scrutiny = await (await app.SignedInClientAsync("scrutiny@safermk.example")).GetAsync("/p/safermk/export.xlsx");
        Assert.Equal(HttpStatusCode.Redirect, scrutiny.StatusCode);
        Assert.StartsWith("/account/access-denied", scrutiny.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);

        var boardClient = await app.SignedInClientAsync("board@safermk.example");
        var download = await boardClient.GetAsync("/p/safermk/export.xlsx?register=risks");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(RegisterExport.ContentType, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await boardClient.GetAsync("/p/safermk/export.xlsx?register=minutes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await boardClient.GetAsync("/p/melton/export.xlsx")).StatusCode);

        var importAsBoard = await boardClient.GetAsync("/p/safermk/import");
        Assert.Equal(HttpStatusCode.Redirect, importAsBoard.StatusCode);
        Assert.StartsWith("/account/access-denied", importAsBoard.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync(SaferMkCoordinator)).GetAsync("/p/safermk/import")).StatusCode);
    }
}
