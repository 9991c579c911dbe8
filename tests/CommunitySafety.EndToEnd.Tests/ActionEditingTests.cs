using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public class ActionEditingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_coordinator_edits_an_action_and_sees_it_saved_after_a_reload_but_rag_and_progress_are_not_on_the_edit_page()
    {
        var action = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == CommunitySafety.Domain.ActionStatus.InProgress)
            .OrderBy(a => a.Reference).FirstAsync());
        var description = $"Agreed with the tasking board on {action.Id}.";
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");

        await page.GotoAsync($"/p/safermk/actions/{action.Id}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Status, RAG and progress" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("RAG rating")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Progress (%)")).ToHaveCountAsync(0);
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Description" });
        await field.FillAsync(description);
        await field.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await page.WaitForURLAsync($"**/p/safermk/actions/{action.Id}");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText(description, new() { Exact = true })).ToBeVisibleAsync();
        var saved = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal(description, saved.Description);
        Assert.Equal((action.Status, action.Rag, action.ProgressPercent), (saved.Status, saved.Rag, saved.ProgressPercent));
        await page.Context.CloseAsync();
    }
}
