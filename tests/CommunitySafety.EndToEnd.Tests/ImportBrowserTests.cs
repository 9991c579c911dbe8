using CommunitySafety.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>A head of community safety brings the council's own spreadsheet in, quarter after quarter, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class ImportBrowserTests(BrowserFixture browser)
{
    private static async Task<string> SaveAsync(byte[] bytes, string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "communitysafety-tests", $"upload-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    [Fact]
    public async Task A_coordinator_imports_the_plan_then_next_quarters_file_adds_history_not_actions()
    {
        var q1 = await SaveAsync(CouncilPlans.MeltonQuarter1(), "Melton action plan Q1.xlsx");
        var q2 = await SaveAsync(CouncilPlans.MeltonQuarter2(), "Melton action plan Q2.xlsx");
        var page = await browser.SignedInPageAsync("coordinator@melton.example");
        await page.GotoAsync("/p/melton");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Import from Excel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import an action plan from Excel" })).ToBeVisibleAsync();

        var file = page.GetByLabel("Spreadsheet file (.xlsx or .csv)");
        await Assertions.Expect(file).ToBeEnabledAsync();
        await file.SetInputFilesAsync(q1);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preview" })).ToBeVisibleAsync();
        var preview = page.GetByRole(AriaRole.Table, new() { Name = "What each row becomes" });
        await Assertions.Expect(preview).Not.ToContainTextAsync("Inspector Daniel Hewitt");

        // The importer cannot tell that "Who" is the lead officer; the coordinator says so, and keeps the mapping for next quarter.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Column D: Who" }).SelectOptionAsync(new SelectOptionValue { Label = "Lead officer" });
        await Assertions.Expect(preview).ToContainTextAsync("Inspector Daniel Hewitt");
        await page.GetByLabel("Name for this mapping").FillAsync("Melton quarterly plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save this mapping" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved the mapping" })).ToBeVisibleAsync();

        var problems = page.GetByRole(AriaRole.List, new() { Name = "Problems and notes" });
        await Assertions.Expect(problems).ToContainTextAsync("row 6, Target date: 'Ongoing' is not a date — left empty, marked for review");
        await Assertions.Expect(problems).ToContainTextAsync("row 7, Lead agency: 'YOT' is not a partner — create it");
        await Assertions.Expect(problems).ToContainTextAsync("RAG Green read from the cell's fill colour");
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Partner 'YOT'" })).ToBeVisibleAsync();
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Import preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 new actions and 0 updates" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Imported from Melton action plan Q1.xlsx: 3 new actions" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the action plan" }).ClickAsync();
        var plan = page.GetByRole(AriaRole.Table, new() { Name = "Actions" });
        await Assertions.Expect(plan).ToContainTextAsync("Closure orders on cuckooed addresses");
        await Assertions.Expect(plan).ToContainTextAsync("Drug dealing hotspot patrols with the youth offending team");
        await Assertions.Expect(plan).ToContainTextAsync("Speed awareness sessions in primary schools");

        // Next quarter: the same headings, so the saved mapping reads them; every row is an update.
        await page.GetByRole(AriaRole.Link, new() { Name = "Import from Excel" }).ClickAsync();
        await Assertions.Expect(file).ToBeEnabledAsync();
        await file.SetInputFilesAsync(q2);
        await Assertions.Expect(page.GetByText("The columns are read with the saved mapping \"Melton quarterly plan\".")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "0 new actions, 3 actions updated" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 0 new actions and 3 updates" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "0 new actions, 3 actions updated" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the action plan" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Closure orders on cuckooed addresses" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Four closure orders obtained.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Two closure orders obtained.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Imported from Melton action plan Q2.xlsx, row 6")).ToBeVisibleAsync();

        // The export has the imported actions, with the lead officer the coordinator mapped.
        await page.GetByRole(AriaRole.Link, new() { Name = "Export to Excel" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Action plan (.xlsx)" }).ClickAsync());
        var exported = CommunitySafety.Web.Spreadsheets.SpreadsheetReader.Read(await File.ReadAllBytesAsync(await download.PathAsync()), download.SuggestedFilename).Sheets[0];
        var row = exported.Rows.Single(r => r[1]?.Text == "IMP-01");
        Assert.Equal("Inspector Daniel Hewitt", row[5]!.Text);
        Assert.Equal("Four closure orders obtained.", row[12]!.Text);

        var imported = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking().Where(a => a.Reference.StartsWith("IMP-") && a.Priority!.Strategy!.Partnership!.Slug == "melton")
            .Select(a => new { a.Reference, Updates = a.StatusUpdates.Count }).ToListAsync());
        Assert.Equal(3, imported.Count);
        Assert.All(imported, a => Assert.Equal(2, a.Updates));
        await page.Context.CloseAsync();
    }
}
