using System.Diagnostics;
using CommunitySafety.Tests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// Every routable page, taken from the app's own route table, opened in Chromium as each demo role and signed out.
/// A visit fails on a browser console error, a failed or refused request for the app's own assets, an error the
/// server logged, or a page that never finishes loading (blank, or frozen by a dead circuit). Signed out, every page
/// that is not open on purpose must end on the sign-in page.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CrawlTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>
    /// Settled: an h1 rendered and nothing still loading; or the circuit's error bar shown (a failure, caught by the
    /// console error it comes with).
    /// </summary>
    private const string Settled = """
        () => {
            const error = document.getElementById('blazor-error-ui');
            if (error && getComputedStyle(error).display !== 'none') return true;
            return document.querySelector('h1') !== null && document.querySelector('.mud-progress-indeterminate') === null;
        }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("admin@safermk.example")]
    [InlineData("coordinator@safermk.example")]
    [InlineData("lead.police@safermk.example")]
    [InlineData("board@safermk.example")]
    [InlineData("scrutiny@safermk.example")]
    public async Task Every_page_opens_without_an_error(string? account)
    {
        var who = account ?? "signed out";
        var routes = await AppRoutes.FromSampleAsync(browser.App);
        var pages = AppRoutes.Pages(browser.App.Services);
        var page = account is null ? await browser.SignedOutPageAsync() : await browser.SignedInPageAsync(account);
        var watch = browser.Watch(page);
        var problems = new List<string>();
        var clock = Stopwatch.StartNew();

        foreach (var endpoint in pages)
        {
            var address = routes.Address(endpoint.RoutePattern);
            try
            {
                await page.GotoAsync(address);
                await page.WaitForFunctionAsync(Settled, null, new() { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                problems.Add($"{address}: never finished loading (no h1, or still loading after 15 s); now at {page.Url}");
            }

            if (account is null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && !page.Url.Contains("/account/login", StringComparison.Ordinal))
            {
                problems.Add($"{address}: opened signed out at {page.Url} instead of sending to sign-in");
            }

            problems.AddRange(watch.Take().Select(p => $"{address}: {p}"));
        }

        await page.Context.CloseAsync();
        problems.AddRange(watch.Take().Select(p => $"after closing: {p}"));
        output.WriteLine($"{who}: {pages.Count} pages in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, $"{who}: {problems.Count} problem(s) over {pages.Count} pages{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
