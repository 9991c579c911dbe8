using System.Text;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>The board dashboard and meeting mode in a real browser: live refresh across two people, and axe scans.</summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests(BrowserFixture browser)
{
    // The first page of a run waits for the app and the circuit to start on a busy machine.
    private static readonly LocatorAssertionsToContainTextOptions FirstLoad = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_board_member_sees_the_dashboard_change_when_the_coordinator_saves_without_reloading()
    {
        // ENG-01 is green and due next year; no other browser test touches it.
        var action = await browser.App.WithDbAsync(db => db.Actions.AsNoTracking()
            .SingleAsync(a => a.Reference == "ENG-01" && a.Priority!.Strategy!.Partnership!.Slug == "safermk"));
        Assert.False(action.IsOverdueOn(new DateOnly(2026, 11, 24)));
        var board = await browser.SignedInPageAsync("board@safermk.example");
        var coordinator = await browser.SignedInPageAsync("coordinator@safermk.example");

        await board.GotoAsync("/p/safermk/dashboard");
        var overdue = board.GetByTestId("overdue-count");
        await Assertions.Expect(overdue).ToContainTextAsync("overdue", FirstLoad);
        var before = int.Parse((await overdue.TextContentAsync())!.Split(' ')[0]);
        await Assertions.Expect(board.Locator($"[data-testid=attention] tr[data-action-id='{action.Id}']")).ToHaveCountAsync(0);
        // The dashboard is a static page kept current by fetching it again into the same document: never a reload.
        await board.EvaluateAsync("() => window.__sameDocument = true");
        var navigations = new List<string>();
        board.FrameNavigated += (_, frame) => { if (frame == board.MainFrame) navigations.Add(frame.Url); };
        // A keyboard user is somewhere on the page when the change arrives: the refresh leaves them there.
        var meetingMode = board.Locator("#main-content").GetByRole(AriaRole.Link, new() { Name = "Meeting mode" });
        await meetingMode.FocusAsync();

        await coordinator.GotoAsync($"/p/safermk/actions/{action.Id}/edit");
        var due = coordinator.GetByLabel("Due date");
        await Assertions.Expect(due).ToHaveValueAsync(action.DueDate!.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        await due.FillAsync("01/11/2026");
        await due.PressAsync("Tab");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await coordinator.WaitForURLAsync($"**/p/safermk/actions/{action.Id}");

        await Assertions.Expect(board.Locator($"[data-testid=attention] tr[data-action-id='{action.Id}']"))
            .ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(overdue).ToHaveTextAsync($"{before + 1} overdue", new() { Timeout = 5_000 });
        await board.WaitForTimeoutAsync(500);
        await Assertions.Expect(meetingMode).ToBeFocusedAsync();
        Assert.True(await board.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The dashboard was reloaded: " + string.Join(", ", navigations));
        Assert.All(navigations, url => Assert.EndsWith("/p/safermk/dashboard", url));
        await board.Context.CloseAsync();
        await coordinator.Context.CloseAsync();
    }

    [Fact]
    public async Task Meeting_mode_opens_when_followed_while_the_dashboards_live_part_is_still_connecting()
    {
        var page = await browser.SignedInPageAsync("board@safermk.example");
        var watch = browser.Watch(page);
        // The dashboard's circuit asks to start with the dashboard's address; its answer is held back until the person
        // has followed the link, as on a busy server. Blazor then never tells that circuit the address has changed.
        var startAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteWebSocketAsync(new Regex(@"/_blazor\?id="), pageSide =>
        {
            var server = pageSide.ConnectToServer();
            var held = new List<IWebSocketFrame>();
            var holding = false;
            pageSide.OnMessage(frame =>
            {
                if (frame.Binary is { } bytes && Encoding.UTF8.GetString(bytes) is var text
                    && text.Contains("StartCircuit", StringComparison.Ordinal) && text.Contains("/p/safermk/dashboard", StringComparison.Ordinal)
                    && !startAsked.Task.IsCompleted)
                {
                    lock (held) holding = true;
                    startAsked.TrySetResult();
                    _ = release.Task.ContinueWith(_ =>
                    {
                        lock (held)
                        {
                            holding = false;
                            held.ForEach(f => Forward(pageSide, f));
                        }
                    }, TaskScheduler.Default);
                }

                Forward(server, frame);
            });
            server.OnMessage(frame =>
            {
                lock (held)
                {
                    if (holding)
                    {
                        held.Add(frame);
                        return;
                    }
                }

                Forward(pageSide, frame);
            });
        });

        await page.GotoAsync("/p/safermk/dashboard");
        await startAsked.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var meetingPage = page.WaitForResponseAsync(r => r.Url.Contains("/p/safermk/meeting", StringComparison.Ordinal));
        await page.Locator("#main-content").GetByRole(AriaRole.Link, new() { Name = "Meeting mode" }).ClickAsync();
        await meetingPage;
        await Assertions.Expect(page.Locator(".meeting-mode")).ToHaveCountAsync(0);
        release.TrySetResult();

        // A priority's code and title, not "Page not found".
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(" · ", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("Priority 1 of")).ToBeVisibleAsync();
        Assert.EndsWith("/p/safermk/meeting", page.Url, StringComparison.Ordinal);
        // The page the circuit was told to reload never answers the call: a call left pending fails the circuit once
        // Blazor gives up on it (a minute), so the test waits that long before it looks at the server's log.
        await Task.Delay(TimeSpan.FromSeconds(65));
        watch.AssertClean("Meeting mode followed while the dashboard was connecting");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_rest_of_a_since_list_is_reached_from_the_keyboard_and_the_keyboard_starts_there()
    {
        var page = await browser.SignedInPageAsync("board@safermk.example");
        var watch = browser.Watch(page);
        await page.SetViewportSizeAsync(1366, 768);
        // Every sample action was added after the start of 2026: "Added" has more than the dashboard's ten.
        await page.GotoAsync("/p/safermk/dashboard?since=2026-01-01");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board dashboard", Level = 1 })).ToBeFocusedAsync(new() { Timeout = 20_000 });
        var added = page.Locator("[data-since=added]");
        var all = added.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^all \d+ in Added$") });
        for (var i = 0; i < 300 && !await all.EvaluateAsync<bool>("e => e === document.activeElement"); i++) await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(all).ToBeFocusedAsync();
        var total = int.Parse(Regex.Match((await all.TextContentAsync())!, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("list=added"));
        await Assertions.Expect(added.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(Math.Min(total, 50));
        // The keyboard starts at the list it asked for, not at the top of the page, and its next stop is the list's first action.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Added ({total})", Level = 3 })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(added.GetByRole(AriaRole.Listitem).First.GetByRole(AriaRole.Link)).ToBeFocusedAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"), "The page scrolls sideways at 1366×768.");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Dashboard with all of one since list");
        watch.AssertClean("All of a since list");
        await page.Context.CloseAsync();
    }

    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Binary is { } bytes) to.Send(bytes);
        else to.Send(frame.Text ?? "");
    }

    [Fact]
    public async Task The_dashboard_and_meeting_mode_pass_axe()
    {
        var page = await browser.SignedInPageAsync("cleared.board@safermk.example");

        await page.GotoAsync("/p/safermk/dashboard");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("Board dashboard", FirstLoad);
        await Assertions.Expect(page.Locator(".rag-counts-table")).ToBeVisibleAsync();
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Board dashboard");
        // Every RAG chip shows its rating's icon beside the word, drawn by the stylesheet (never colour alone).
        var unmarked = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.rag')].filter(chip => {
              const icon = getComputedStyle(chip, '::before');
              return !icon.maskImage.includes('data:image/svg+xml') || parseFloat(icon.width) < 12 || !chip.textContent.trim();
            }).map(chip => chip.outerHTML)
            """);
        Assert.Empty(unmarked);

        await page.GotoAsync("/p/safermk/meeting");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("·");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Meeting mode, public part");

        // The arrow key moves to the next priority; then the private part, clearly marked.
        var first = await page.Locator("h1").First.TextContentAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("h1").First).Not.ToHaveTextAsync(first!);
        await page.GetByLabel("Private part (press and public excluded)").CheckAsync();
        await Assertions.Expect(page.GetByTestId("private-banner")).ToHaveTextAsync("PRIVATE — EXEMPT INFORMATION");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Meeting mode, private part");

        await page.GotoAsync("/p/safermk/dashboard/print");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("Board pack");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "Board pack");
        await page.Context.CloseAsync();
    }
}
