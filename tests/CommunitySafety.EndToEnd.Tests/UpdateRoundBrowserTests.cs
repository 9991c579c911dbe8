using System.Diagnostics;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.UpdateRounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// A browser fixture of its own (app, SMTP server, Chromium): the round's answers change the sample's actions, which
/// the other browser tests read.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UpdateRoundBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser, update rounds";
}

/// <summary>
/// The update round as people really go through it: the coordinator opens it in the app and sees who will be asked;
/// an owner, signed out, opens the link in the email they received, confirms one action unchanged and updates
/// another; the tracker and the dashboard, open elsewhere, show the new figures without a reload. The interaction
/// counts and times are printed.
/// </summary>
[Collection(UpdateRoundBrowserCollection.Name)]
public class UpdateRoundBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly Regex RoundLink = new(@"https?://[^\s""]+/round/[A-Za-z0-9_-]{43}");

    private async Task<int> OpenRoundInTheAppAsync(IPage coordinator)
    {
        await coordinator.GotoAsync("/p/safermk/rounds");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Name = "Update rounds", Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(coordinator);
        await coordinator.GetByLabel("Board").First.ClickAsync();
        await coordinator.GetByRole(AriaRole.Option, new() { Name = "Tasking Board" }).ClickAsync();
        var preview = coordinator.GetByTestId("round-preview");
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Who will be asked (6)");
        foreach (var owner in new[] { "Marc Tarbit", "Inspector Nick Glister", "Colin Wilderspin" })
        {
            await Assertions.Expect(preview.GetByRole(AriaRole.Cell, new() { Name = owner, Exact = true })).ToBeVisibleAsync();
        }

        Assert.DoesNotContain(browser.Smtp.Messages(), m => (m.Message.Subject ?? "").Contains("Tasking Board", StringComparison.Ordinal));
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Open the round and email 6 owners" }).ClickAsync();
        await coordinator.WaitForURLAsync(new Regex(@"/p/safermk/rounds/\d+$"));
        await Assertions.Expect(coordinator.GetByTestId("round-completeness")).ToHaveTextAsync("Updated for this meeting: 0 of 12 actions (0%)");
        return int.Parse(coordinator.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The round link in the last email this person received, as it is written there.</summary>
    private string LinkFor(string email)
    {
        var message = browser.Smtp.Messages().Last(m => m.To == email && (m.Message.Subject ?? "").Contains("Tasking Board", StringComparison.Ordinal)).Message;
        var link = RoundLink.Match(message.TextBody ?? "").Value;
        Assert.StartsWith(browser.BaseUrl + "/round/", link);
        return link;
    }

    [Fact]
    public async Task Signed_out_an_owner_answers_from_the_emailed_link_and_the_tracker_and_dashboard_show_it_without_a_reload()
    {
        var coordinator = await browser.SignedInPageAsync("coordinator@safermk.example");
        var roundId = await OpenRoundInTheAppAsync(coordinator);
        await browser.App.SweepAsync();
        var link = LinkFor("marc.tarbit@safermk.example");

        var board = await browser.SignedInPageAsync("board@safermk.example");
        await board.GotoAsync("/p/safermk/dashboard");
        var dashboardLine = board.GetByTestId("meeting-completeness");
        await Assertions.Expect(dashboardLine).ToContainTextAsync("Updated for this meeting: 0 of 12 actions (0%)");
        await Assertions.Expect(board.Locator(".round-completeness-panel summary")).ToHaveTextAsync("Not updated (12)");

        // Marc, signed out: a fresh browser context with no cookie, opening the link as it is in his email.
        var owner = await browser.SignedOutPageAsync();
        var watch = browser.Watch(owner);
        await owner.GotoAsync(link);
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your actions for the Tasking Board on Tuesday 8 December 2026");
        var steady = owner.Locator("article.round-action").Filter(new() { HasNot = owner.Locator("textarea[name='Input.Reason'][id^='keep-']") }).First;
        var steadyTitle = await steady.GetByRole(AriaRole.Heading).InnerTextAsync();
        var steadyRef = steadyTitle.Split(' ')[0];

        // Unchanged: one press.
        var clock = Stopwatch.StartNew();
        await steady.GetByRole(AriaRole.Button, new() { Name = $"No change to {steadyRef}" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{steadyRef}: saved." })).ToBeVisibleAsync();
        var unchangedSeconds = clock.Elapsed.TotalSeconds;
        const int unchangedInteractions = 1;

        // A real update: open it, set progress, say what happened, post.
        var other = owner.Locator("article.round-action").Filter(new() { HasNot = owner.Locator("[data-answered]") }).First;
        var otherRef = (await other.GetByRole(AriaRole.Heading).InnerTextAsync()).Split(' ')[0];
        clock.Restart();
        await other.GetByText("Update", new() { Exact = true }).ClickAsync();
        await other.GetByLabel("Progress (%)").FillAsync("65");
        await other.GetByLabel("What has happened since the last update").FillAsync("Cameras installed at two of the three sites; the third in January.");
        await other.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{otherRef}: saved." })).ToBeVisibleAsync();
        var updateSeconds = clock.Elapsed.TotalSeconds;
        const int updateInteractions = 4;
        await Assertions.Expect(owner.Locator(".round-count")).ToHaveTextAsync("2 of 5 answered for this meeting.");

        // Elsewhere, without a reload.
        await Assertions.Expect(coordinator.GetByTestId("round-completeness")).ToHaveTextAsync("Updated for this meeting: 2 of 12 actions (17%)");
        await Assertions.Expect(coordinator.GetByTestId("owners").Locator("tr", new() { HasText = "Marc Tarbit" })).ToContainTextAsync("Partly: 2 of 5");
        await Assertions.Expect(dashboardLine).ToContainTextAsync("Updated for this meeting: 2 of 12 actions (17%)");

        var saved = await browser.App.WithDbAsync(db => db.StatusUpdates.Where(u => u.AuthorName == "Marc Tarbit (update round)").CountAsync());
        Assert.Equal(2, saved);
        var problems = watch.Take();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(updateSeconds < 30, $"A real update took {updateSeconds:0.0} s.");
        Figures.Print(output, $"Round page, signed out in Chromium: confirm an action unchanged in {unchangedInteractions} interaction ({unchangedSeconds:0.0} s); " +
                              $"post a real update in {updateInteractions} interactions ({updateSeconds:0.0} s)");
        await owner.Context.CloseAsync();
        await board.Context.CloseAsync();
        await coordinator.Context.CloseAsync();
        _ = roundId;
    }

    [Fact]
    public async Task On_a_phone_with_the_keyboard_alone_an_owner_confirms_and_updates_and_a_withdrawn_link_offers_sign_in()
    {
        var safermk = await browser.App.PartnershipIdAsync("safermk");
        var roundId = await browser.App.WithDbAsync(db => db.UpdateRounds.Where(r => r.PartnershipId == safermk).Select(r => (int?)r.Id).FirstOrDefaultAsync());
        if (roundId is null)
        {
            var coordinator = await browser.SignedInPageAsync("coordinator@safermk.example");
            await OpenRoundInTheAppAsync(coordinator);
            await coordinator.Context.CloseAsync();
        }

        await browser.App.SweepAsync();
        var link = LinkFor("colin.wilderspin@safermk.example");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, Locale = "en-GB", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Your actions for the Tasking Board");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "The owner's round page");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways on a phone.");

        // Keyboard only: Tab to the first "No change", answer it; Tab to "Update" on the next, open it, fill it, post it.
        var first = page.Locator("article.round-action").First;
        var firstRef = (await first.GetByRole(AriaRole.Heading).InnerTextAsync()).Split(' ')[0];
        if (await first.Locator("textarea[id^='keep-']").CountAsync() > 0)
        {
            // The rules now suggest another rating than the one it keeps: say why, still from the keyboard.
            await TabUntilAsync(page, "The rules now suggest");
            await page.Keyboard.TypeAsync("As agreed at the October board.");
        }

        await TabUntilAsync(page, $"No change to {firstRef}");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{firstRef}: saved." })).ToBeVisibleAsync();

        var second = page.Locator("article.round-action").Nth(1);
        var secondRef = (await second.GetByRole(AriaRole.Heading).InnerTextAsync()).Split(' ')[0];
        await page.Locator("body").FocusAsync();
        await TabUntilAsync(page, $"Update {secondRef}");
        await page.Keyboard.PressAsync("Enter");
        await TabUntilAsync(page, "Progress (%)");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("40");
        await TabUntilAsync(page, "What has happened since the last update");
        await page.Keyboard.TypeAsync("Patrol plan agreed with the parish councils.");
        await TabUntilAsync(page, "Post update");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{secondRef}: saved." })).ToBeVisibleAsync();

        // The coordinator withdraws Colin's links: the page says so plainly and offers sign-in.
        var colin = await browser.App.WithDbAsync(db => db.People.Where(p => p.Email == "colin.wilderspin@safermk.example").Select(p => p.Id).SingleAsync());
        var round = await browser.App.WithDbAsync(db => db.UpdateRounds.Where(r => r.PartnershipId == safermk).Select(r => r.Id).FirstAsync());
        var actor = await browser.App.ActorAsync("coordinator@safermk.example");
        var revoked = await browser.App.WithServiceAsync<UpdateRoundService, RoundChange>(s => s.RevokeLinksAsync(safermk, round, colin, actor));
        Assert.True(revoked.Done, revoked.Message);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link cannot be used");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("withdrawn by the partnership");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    /// <summary>Presses Tab until the focused control has this accessible name or label, as a keyboard user would.</summary>
    private static async Task TabUntilAsync(IPage page, string name)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return (e?.getAttribute('aria-label') ?? e?.labels?.[0]?.textContent ?? e?.textContent ?? '').trim(); }");
            if (focused.StartsWith(name, StringComparison.Ordinal)) return;
        }

        Assert.Fail($"Tab never reached {name}.");
    }
}
