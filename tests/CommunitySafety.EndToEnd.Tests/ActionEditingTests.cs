using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public class ActionEditingTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_coordinator_edits_an_action_and_sees_it_saved_after_a_reload()
    {
        var action = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.Status == CommunitySafety.Domain.ActionStatus.InProgress)
            .OrderBy(a => a.Reference).FirstAsync());
        var newProgress = action.ProgressPercent == 73 ? 74 : 73;
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");

        await page.GotoAsync($"/p/safermk/actions/{action.Id}/edit");
        var progress = page.GetByLabel("Progress (%)");
        await Assertions.Expect(progress).ToHaveValueAsync(action.ProgressPercent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await progress.FillAsync(newProgress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await progress.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await page.WaitForURLAsync($"**/p/safermk/actions/{action.Id}");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr:has(th:text-is('Progress')) td")).ToHaveTextAsync($"{newProgress}%");
        var saved = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal(newProgress, saved.ProgressPercent);
        await page.Context.CloseAsync();
    }
}
