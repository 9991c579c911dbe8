using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>A pasted text far over the limit is refused with a message; the page stays connected.</summary>
[Collection(BrowserCollection.Name)]
public class LongTextTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_60000_character_commentary_is_refused_with_a_message_and_the_page_stays_connected()
    {
        var action = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted).OrderBy(a => a.Id).FirstAsync());
        var updatesBefore = await browser.App.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id));
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        await page.GotoAsync($"/p/safermk/actions/{action.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post an update" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);

        await dialog.GetByLabel("Commentary").FillAsync(new string('x', 60_000));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save update" }).ClickAsync();

        await Assertions.Expect(dialog.GetByText("The commentary is at most 8,000 characters").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
        // Still connected: the server answers the shorter text by taking the message away.
        await dialog.GetByLabel("Commentary").FillAsync("Partners met on 20 November; plan agreed.");
        await Assertions.Expect(dialog.GetByText("The commentary is at most 8,000 characters")).ToHaveCountAsync(0);
        Assert.Equal(updatesBefore, await browser.App.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.ActionId == action.Id)));
        await page.Context.CloseAsync();
    }
}
