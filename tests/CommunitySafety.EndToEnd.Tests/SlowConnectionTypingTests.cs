using System.Text.RegularExpressions;
using System.Threading.Channels;
using CommunitySafety.Tests;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// A partner lead on a slow connection (a phone on a train, a council's VPN) types their commentary at an ordinary
/// pace: what they typed stays typed, though the server's answer to each key arrives a fifth of a second later.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SlowConnectionTypingTests(BrowserFixture browser)
{
    private const string Lead = "lead.police@safermk.example";
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Commentary_typed_while_the_servers_answers_lag_is_kept_as_typed()
    {
        var page = await browser.SignedInPageAsync(Lead);
        var watch = browser.Watch(page);
        await DelayServerFramesAsync(page);
        await page.GotoAsync("/p/safermk/updates");
        var row = page.GetByRole(AriaRole.Region).Last;
        var commentary = row.GetByRole(AriaRole.Textbox, new() { Name = "Commentary" });
        var nextSteps = row.GetByRole(AriaRole.Textbox, new() { Name = "Next steps" });
        // Once the form is live: its fields carry Blazor's element references only when rendered by the circuit.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('textarea')].some(t => [...t.attributes].some(a => a.name.startsWith('_bl_')))");

        const string said = "Agreed the schools programme at the tasking meeting; numbers to follow.";
        const string next = "Report numbers to the board.";
        await commentary.FocusAsync();
        await page.Keyboard.TypeAsync(said, new() { Delay = 40 });
        await nextSteps.FocusAsync();
        await page.Keyboard.TypeAsync(next, new() { Delay = 40 });

        // Every answer has arrived by now; none of them may have taken back a key.
        await page.WaitForTimeoutAsync((float)(2 * Latency.TotalMilliseconds + 500));
        await Assertions.Expect(commentary).ToHaveValueAsync(said);
        await Assertions.Expect(nextSteps).ToHaveValueAsync(next);
        watch.AssertClean("Typing on the pre-meeting page over a slow line");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signed_out_from_the_emailed_link_what_the_lead_types_is_kept_as_typed()
    {
        var routes = await AppRoutes.FromSampleAsync(browser.App);
        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);
        await DelayServerFramesAsync(page);
        await page.GotoAsync(routes.Address(RoutePatternFactory.Parse("/update/{Token}")));
        var commentary = page.GetByRole(AriaRole.Textbox, new() { Name = "What has happened since the last update" });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('textarea')].some(t => [...t.attributes].some(a => a.name.startsWith('_bl_')))");

        const string said = "Two more schools signed up; the third has asked for a date in January.";
        await commentary.FocusAsync();
        await page.Keyboard.TypeAsync(said, new() { Delay = 40 });

        await page.WaitForTimeoutAsync((float)(2 * Latency.TotalMilliseconds + 500));
        await Assertions.Expect(commentary).ToHaveValueAsync(said);
        watch.AssertClean("Typing on the update link page over a slow line");
        await page.Context.CloseAsync();
    }

    /// <summary>The circuit's frames from the server reach the page <see cref="Latency"/> late, in order.</summary>
    private static Task DelayServerFramesAsync(IPage page) =>
        page.RouteWebSocketAsync(new Regex(@"/_blazor\?id="), pageSide =>
        {
            var server = pageSide.ConnectToServer();
            pageSide.OnMessage(frame => Forward(server, frame));
            var late = Channel.CreateUnbounded<(DateTime Due, IWebSocketFrame Frame)>();
            server.OnMessage(frame => late.Writer.TryWrite((DateTime.UtcNow + Latency, frame)));
            _ = Task.Run(async () =>
            {
                await foreach (var (due, frame) in late.Reader.ReadAllAsync())
                {
                    var wait = due - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    Forward(pageSide, frame);
                }
            });
        });

    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Binary is { } bytes) to.Send(bytes);
        else to.Send(frame.Text ?? "");
    }
}
