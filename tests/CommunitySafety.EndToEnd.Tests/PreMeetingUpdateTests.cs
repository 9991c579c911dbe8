using System.Globalization;
using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public class PreMeetingUpdateTests(BrowserFixture browser)
{
    private const string Lead = "lead.police@safermk.example";

    /// <summary>Presses Tab until the focused control is the one with this label: the keyboard path a user would take.</summary>
    private static async Task TabToAsync(IPage page, string label)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => (document.activeElement?.labels?.[0]?.textContent ?? document.activeElement?.getAttribute('aria-label') ?? '').trim()");
            if (focused.StartsWith(label, StringComparison.Ordinal)) return;
        }

        Assert.Fail($"Tab never reached the field labelled {label}.");
    }

    [Fact]
    public async Task Ctrl_Enter_in_the_commentary_saves_the_row_and_leaves_it_without_an_error()
    {
        var page = await browser.SignedInPageAsync(Lead);
        await page.GotoAsync("/p/safermk/updates");
        var rows = page.GetByRole(AriaRole.Region);
        await Assertions.Expect(rows.Nth(1)).ToBeVisibleAsync();
        // The second row, as the first belongs to the test above.
        var row = rows.Nth(1);
        var progress = row.GetByRole(AriaRole.Spinbutton, new() { Name = "Progress (%)" });

        await progress.FocusAsync();
        await TabToAsync(page, "Commentary");
        await page.Keyboard.TypeAsync("Chased the outstanding returns.");
        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(row.GetByText("Update saved at")).ToBeVisibleAsync();
        await Assertions.Expect(rows.Nth(2).GetByRole(AriaRole.Spinbutton, new() { Name = "Progress (%)" })).ToBeFocusedAsync();
        // Give the blur that moving on caused time to reach the server, as a person looking at the row would.
        await page.WaitForTimeoutAsync(1_000);
        await Assertions.Expect(row.GetByText("Say what has happened since the last update.")).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByRole(AriaRole.Textbox, new() { Name = "Commentary" })).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_partner_lead_updates_their_own_action_from_the_pre_meeting_page_with_the_keyboard_alone_and_cannot_edit_another_leads_action()
    {
        var actor = await browser.App.ActorAsync(Lead);
        var otherId = await browser.App.WithDbAsync(db => db.Actions
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted && a.LeadPersonId != actor.PersonId)
            .Select(a => a.Id).FirstAsync());
        var page = await browser.SignedInPageAsync(Lead);

        await page.GotoAsync("/p/safermk/updates");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Pre-meeting updates");
        var rows = page.Locator(".update-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var actionId = int.Parse((await rows.First.GetAttributeAsync("data-action"))!, CultureInfo.InvariantCulture);
        var before = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking().SingleAsync(a => a.Id == actionId));
        Assert.Equal(actor.PersonId, before.LeadPersonId);
        var progress = before.ProgressPercent == 64 ? 66 : 64;

        // Focus lands on the first field as it would after saving the row above; from here on only the keyboard is used.
        await rows.First.GetByLabel("Progress (%)").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(progress.ToString(CultureInfo.InvariantCulture));
        await TabToAsync(page, "Commentary");
        await page.Keyboard.TypeAsync("Agreed the schools programme at the tasking meeting.");
        await TabToAsync(page, "Next steps");
        await page.Keyboard.TypeAsync("Report numbers to the board.");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(rows.First.GetByText("Update saved at")).ToBeVisibleAsync();
        if (await rows.CountAsync() > 1)
        {
            await Assertions.Expect(rows.Nth(1).GetByLabel("Progress (%)")).ToBeFocusedAsync();
        }

        var after = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking().Include(a => a.StatusUpdates).SingleAsync(a => a.Id == actionId));
        Assert.Equal(progress, after.ProgressPercent);
        var update = after.StatusUpdates.OrderByDescending(u => u.Id).First();
        Assert.Equal("Agreed the schools programme at the tasking meeting.", update.Commentary);
        Assert.Equal("Report numbers to the board.", update.NextSteps);
        Assert.Equal(actor.Name, update.AuthorName);

        await page.GotoAsync($"/p/safermk/actions/{otherId}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You may not change this action");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
