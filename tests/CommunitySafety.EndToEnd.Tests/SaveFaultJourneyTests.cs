using System.Text.Json;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// A partner lead posting an update in a real browser while the database fails under them: it refuses the write,
/// or it stores the update but the answer never reaches the page. What they see, what they can keep, what is stored.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SaveFaultJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Lead = "lead.police@safermk.example";

    private async Task<(IPage Page, Action Action)> UpdateDialogAsync(int skip)
    {
        var actor = await browser.App.ActorAsync(Lead);
        var action = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking()
            .Where(a => a.LeadPersonId == actor.PersonId && !a.IsRestricted && (a.Status == ActionStatus.InProgress || a.Status == ActionStatus.NotStarted))
            .OrderBy(a => a.Reference).Skip(skip).FirstAsync());
        var page = await browser.SignedInPageAsync(Lead);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.BaseUrl });
        await page.GotoAsync($"/p/safermk/actions/{action.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post an update" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        return (page, action);
    }

    private Task<int> StoredAsync(string commentary) => browser.App.WithDbAsync(db => db.StatusUpdates.CountAsync(u => u.Commentary == commentary));

    [Fact]
    public async Task An_update_the_database_refuses_is_reported_not_saved_the_text_can_be_copied_and_the_page_keeps_working()
    {
        var (page, action) = await UpdateDialogAsync(0);
        var dialog = page.GetByRole(AriaRole.Dialog);
        var commentary = $"Two closure orders granted at the magistrates' court this week ({Guid.NewGuid().ToString("N")[..6]}).";
        await dialog.GetByLabel("Commentary").FillAsync(commentary);
        var mark = browser.ServerLog.Mark;

        browser.App.Faults.RefuseWrites = true;
        try
        {
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save update" }).ClickAsync();
            await Assertions.Expect(dialog.GetByRole(AriaRole.Alert).Filter(new() { HasText = "NOT saved" })).ToBeVisibleAsync();
        }
        finally
        {
            browser.App.Faults.RefuseWrites = false;
        }

        await Assertions.Expect(dialog.GetByLabel("Commentary")).ToHaveValueAsync(commentary);
        await Assertions.Expect(dialog.GetByLabel("What you typed (not saved)")).ToHaveValueAsync(new Regex(Regex.Escape(commentary)));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Copy what you typed" }).ClickAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Status).Filter(new() { HasText = "Copied" })).ToBeVisibleAsync();
        var clipboard = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Contains(commentary, clipboard, StringComparison.Ordinal);

        // The dialog's own Close button, not the cross in its title bar (also named Close).
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).Last.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Pre-meeting updates" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Pre-meeting updates");

        var errors = browser.ServerLog.ProblemsSince(mark);
        output.WriteLine($"told not saved: yes; copied {clipboard.Length} characters; stored: {await StoredAsync(commentary)}; errors logged: {errors.Count}");
        foreach (var e in errors) output.WriteLine($"  [{e.Category}] {e.Message}");
        Assert.Equal(0, await StoredAsync(commentary));
        var logged = Assert.Single(errors);
        Assert.StartsWith($"Not saved: status update of action {action.Id}", logged.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_update_stored_but_whose_answer_was_lost_is_reported_saved_after_a_reload_and_stored_once()
    {
        var (page, action) = await UpdateDialogAsync(1);
        var dialog = page.GetByRole(AriaRole.Dialog);
        var commentary = $"Weapons sweep of the skate park with the Parks Trust ({Guid.NewGuid().ToString("N")[..6]}).";
        await dialog.GetByLabel("Commentary").FillAsync(commentary);

        using (var hold = browser.App.Faults.HoldNextAnswer())
        {
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save update" }).ClickAsync();
            await hold.Committed.WaitAsync(TimeSpan.FromSeconds(60));
            // The update is committed, its answer held back: the page is reloaded as a person would when it stalls.
            await page.ReloadAsync();

            var told = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"Your status update of {action.Reference} was saved at" });
            await Assertions.Expect(told).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(commentary, new() { Exact = true })).ToHaveCountAsync(1);
            output.WriteLine($"after the reload: \"{(await told.InnerTextAsync()).Trim()}\"");
        }

        Assert.Equal(1, await StoredAsync(commentary));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History, newest first" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "was saved at" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_update_lost_before_it_reached_the_database_is_reported_not_saved_after_a_reload_with_the_text_to_copy()
    {
        var page = await browser.SignedInPageAsync(Lead);
        await page.GotoAsync("/p/safermk/updates");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Pre-meeting updates");
        // What the page tells the tab before it sends a save (pending-saves.js), for one whose server died before the commit.
        var typed = "Commentary: Street pastors now out on Friday nights too.\nNext steps: Report to the Tasking Board.";
        var entry = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            [Guid.NewGuid().ToString()] = new { what = "status update of VC-04", typed, sentAt = DateTime.UtcNow },
        });
        await page.EvaluateAsync("entry => sessionStorage.setItem('communitysafety.pending-saves', entry)", entry);

        await page.ReloadAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Checking whether it was saved" })).ToBeVisibleAsync();
        var told = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Your status update of VC-04 was NOT saved" });
        await Assertions.Expect(told).ToBeVisibleAsync();
        await Assertions.Expect(told.GetByLabel("What you typed (not saved)")).ToHaveValueAsync(typed);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('communitysafety.pending-saves')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_without_a_form_of_its_own_says_what_failed_when_the_database_refuses_and_the_app_goes_on()
    {
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        await page.GotoAsync("/p/safermk/calendar");
        var markDone = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Mark .* done$") }).First;
        await Assertions.Expect(markDone).ToBeVisibleAsync();
        var mark = browser.ServerLog.Mark;

        browser.App.Faults.RefuseWrites = true;
        try
        {
            await markDone.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "what you just did was not saved" })).ToBeVisibleAsync();
        }
        finally
        {
            browser.App.Faults.RefuseWrites = false;
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Try the page again" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Statutory calendar");
        await page.GetByRole(AriaRole.Link, new() { Name = "Milestones" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await page.WaitForURLAsync("**/p/safermk/milestones");

        var logged = browser.ServerLog.ProblemsSince(mark);
        output.WriteLine($"entries logged with the failure: {logged.Count}");
        foreach (var e in logged) output.WriteLine($"  {e.Level} [{e.Category}] {e.Message}");
        var entry = Assert.Single(logged);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, entry.Level);
        Assert.Contains("/p/safermk/calendar failed: the database could not be read or written", entry.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
