using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// The pages a board puts on the projector fit the projector: at 1280×720 and 1366×768 nothing scrolls sideways and
/// action titles are not squeezed into a narrow column.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LayoutTests(BrowserFixture browser)
{
    public static TheoryData<string, string, int, int> ProjectorPages()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (var (width, height) in new[] { (1280, 720), (1366, 768) })
        {
            data.Add("/p/safermk/dashboard", "Board dashboard", width, height);
            data.Add("/p/safermk/meeting", "·", width, height);
            data.Add("/p/safermk/actions", "Action plan", width, height);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProjectorPages))]
    public async Task The_page_fits_the_projector_without_scrolling_sideways(string path, string heading, int width, int height)
    {
        // The coordinator is cleared and may edit: the widest version of each page (restricted badges, Update and Edit buttons).
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync(heading);
        if (path.EndsWith("/actions", StringComparison.Ordinal))
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Post an update on ") }).First).ToBeVisibleAsync();
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} at {width}×{height} is {widths[0]} px wide in a {widths[1]} px window: it scrolls sideways.");

        // Nor does a table scroll sideways inside the page.
        var scrollers = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('*')].filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)" +
            ".map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.scrollWidth}/${e.clientWidth}`)");
        Assert.True(scrollers.Length == 0, $"{path} at {width}×{height}: these scroll sideways: {string.Join(", ", scrollers)}");

        // A title squeezed into a narrow column wraps over five or more lines; here none needs more than three.
        var lines = await page.EvaluateAsync<int>(
            "() => Math.max(0, ...[...document.querySelectorAll('.action-title')].map(t => new Set([...t.getClientRects()].map(r => Math.round(r.top))).size))");
        Assert.True(lines is > 0 and <= 3, $"{path} at {width}×{height}: the longest action title wraps over {lines} lines (none found if 0).");

        await page.Context.CloseAsync();
    }
}
