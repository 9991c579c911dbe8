using CommunitySafety.Tests;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>Signed out, in a fresh browser: the sign-in page is styled and an emailed update link opens its form.</summary>
[Collection(BrowserCollection.Name)]
public class SignedOutTests(BrowserFixture browser)
{
    [Fact]
    public async Task Signed_out_the_sign_in_page_and_an_update_link_load_every_asset_and_work()
    {
        var routes = await AppRoutes.FromSampleAsync(browser.App);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Response += (_, r) => { if (r.Status is >= 300 and not 304 && r.Url.StartsWith(browser.BaseUrl, StringComparison.Ordinal) && !r.Url.Contains("/update/", StringComparison.Ordinal)) refused.Add($"{r.Status} {r.Url}"); };

        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to CommunitySafety" })).ToBeVisibleAsync();

        await page.GotoAsync(routes.Address(Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/update/{Token}")));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Status update: ") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Post the update" })).ToBeVisibleAsync();

        Assert.True(refused.Count == 0, "Refused signed out:\n" + string.Join("\n", refused));
        await context.CloseAsync();
    }
}
