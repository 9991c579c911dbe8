using CommunitySafety.Tests;
using Microsoft.Playwright;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// Two instances on one PostgreSQL behind nginx, in a real browser: a board's dashboard open on one instance changes
/// when a coordinator saves on the other, without a reload; and the circuit runs through nginx on a WebSocket.
/// </summary>
[Trait("Provider", "PostgreSql")]
public sealed class TwoInstanceBrowserTests(TwoInstances instances) : IClassFixture<TwoInstances>, IAsyncLifetime
{
    // Two app processes and a browser on a shared, loaded machine: a first page and a circuit can take a while.
    private static readonly LocatorAssertionsToContainTextOptions FirstLoad = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions CrossInstance = new() { Timeout = 30_000 };
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await BrowserFixture.LaunchChromiumAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task A_change_saved_through_instance_A_appears_on_a_dashboard_open_on_instance_B_and_one_behind_nginx_without_a_reload()
    {
        var action = await ActionAsync("ENG-01");
        IPage onB, behindNginx;
        try
        {
            onB = await BrowserFixture.SignedInPageAsync(browser, instances.B.BaseUrl, "board@safermk.example");
            behindNginx = await BrowserFixture.SignedInPageAsync(browser, instances.Nginx.BaseUrl, "cleared.board@safermk.example");
        }
        catch (TimeoutException ex)
        {
            await using var db = instances.Database.OpenContext();
            var keys = string.Join(", ", await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync());
            throw new TimeoutException(ex.Message + $"\nData Protection keys: {keys}\n--- nginx:\n{instances.Nginx.Log}" + "\n--- A:\n" + string.Join("\n", instances.A.Log.Split('\n').TakeLast(60)) + "\n--- B:\n" + string.Join("\n", instances.B.Log.Split('\n').TakeLast(60)), ex);
        }

        var sockets = new List<string>();
        behindNginx.WebSocket += (_, socket) => { lock (sockets) sockets.Add(socket.Url); };
        var coordinator = await BrowserFixture.SignedInPageAsync(browser, instances.A.BaseUrl, "coordinator@safermk.example");
        foreach (var page in new[] { onB, behindNginx })
        {
            await page.GotoAsync("/p/safermk/dashboard");
            await Assertions.Expect(page.GetByTestId("overdue-count")).ToContainTextAsync("overdue", FirstLoad);
            await Assertions.Expect(page.Locator($"[data-testid=attention] tr[data-action-id='{action}']")).ToHaveCountAsync(0);
            // A full reload would lose this; Blazor's enhanced refresh of the static page keeps the document.
            await page.EvaluateAsync("() => window.__sameDocument = true");
        }

        await coordinator.GotoAsync($"/p/safermk/actions/{action}/edit");
        var due = coordinator.GetByLabel("Due date");
        await Assertions.Expect(due).Not.ToHaveValueAsync("");
        await due.FillAsync("01/11/2026");
        await due.PressAsync("Tab");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await coordinator.WaitForURLAsync($"**/p/safermk/actions/{action}");

        await Assertions.Expect(onB.Locator($"[data-testid=attention] tr[data-action-id='{action}']")).ToBeVisibleAsync(CrossInstance);
        await Assertions.Expect(behindNginx.Locator($"[data-testid=attention] tr[data-action-id='{action}']")).ToBeVisibleAsync(CrossInstance);
        foreach (var page in new[] { onB, behindNginx }) Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard was reloaded");
        lock (sockets) Assert.Contains(sockets, url => url.StartsWith($"ws://127.0.0.1:{instances.Nginx.Port}/_blazor", StringComparison.Ordinal));
        foreach (var page in new[] { onB, behindNginx, coordinator }) await page.Context.CloseAsync();
    }

    private async Task<int> ActionAsync(string reference)
    {
        await using var db = instances.Database.OpenContext();
        return await db.Actions.Where(a => a.Reference == reference && a.Priority!.Strategy!.Partnership!.Slug == "safermk").Select(a => a.Id).SingleAsync();
    }
}
