using AngleSharp.Html.Parser;
using CommunitySafety.Tests;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// A "since the last meeting" list shows its first few on the dashboard; the rest are a link away, a page at a time,
/// in plan order, and the way back.
/// </summary>
public class SinceListPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task The_rest_of_a_list_is_a_link_away_a_page_at_a_time()
    {
        var client = await app.SignedInClientAsync("board@safermk.example");
        // Every action was added after the start of 2026, so "Added" lists them all.
        var dashboard = Parser.ParseDocument(await client.GetStringAsync("/p/safermk/dashboard?since=2026-01-01"));
        var added = dashboard.QuerySelector("[data-since=added]")!;
        var total = int.Parse(added.QuerySelector("h3")!.TextContent.Split('(', ')')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 10, $"The sample has {total} actions; the test needs more than a dashboard list shows.");
        Assert.Equal(10, added.QuerySelectorAll("li").Length);
        var more = added.QuerySelectorAll("a").Single(a => a.TextContent == $"all {total} in Added");
        Assert.Contains($"and {total - 10} more", added.TextContent, StringComparison.Ordinal);

        var all = Parser.ParseDocument(await client.GetStringAsync(more.GetAttribute("href")));
        var list = all.QuerySelector("[data-since=added]")!;
        var shown = list.QuerySelectorAll("li").Select(li => li.GetAttribute("data-action-id")).ToList();
        Assert.Equal(Math.Min(total, 50), shown.Count);
        Assert.Equal(added.QuerySelectorAll("li").Select(li => li.GetAttribute("data-action-id")), shown.Take(10));
        Assert.StartsWith($"1 to {shown.Count} of {total}. ", list.QuerySelector("[data-testid=since-range]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("#since-added", more.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("since=2026-01-01", more.GetAttribute("href"), StringComparison.Ordinal);
        // The other lists stay cut short.
        Assert.True(all.QuerySelector("[data-since=down]")!.QuerySelectorAll("li").Length <= 10);

        var back = list.QuerySelectorAll("a").Single(a => a.TextContent == "Only the first 10 in Added");
        var again = Parser.ParseDocument(await client.GetStringAsync(back.GetAttribute("href")));
        Assert.Equal(10, again.QuerySelector("[data-since=added]")!.QuerySelectorAll("li").Length);

        // A start past the end says so, with the way back.
        var past = Parser.ParseDocument(await client.GetStringAsync($"/p/safermk/dashboard?since=2026-01-01&list=added&from={total + 50}"));
        var range = past.QuerySelector("[data-since=added] [data-testid=since-range]")!;
        Assert.StartsWith($"None from {total + 51} on; {total} in all.", range.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(range.QuerySelectorAll("a"), a => a.TextContent == "Only the first 10 in Added");

        // A tampered address shows the dashboard as it is, not an error.
        var tampered = await client.GetAsync("/p/safermk/dashboard?since=2026-01-01&list=everything&from=-5");
        Assert.True(tampered.IsSuccessStatusCode);
        Assert.Equal(10, Parser.ParseDocument(await tampered.Content.ReadAsStringAsync()).QuerySelector("[data-since=added]")!.QuerySelectorAll("li").Length);
    }
}
