using CommunitySafety.Tests;
using Microsoft.AspNetCore.Routing.Patterns;
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
        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);

        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to CommunitySafety" })).ToBeVisibleAsync();

        await page.GotoAsync(routes.Address(RoutePatternFactory.Parse("/update/{Token}")));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Status update: ") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Post the update" })).ToBeVisibleAsync();

        watch.AssertClean("Signed out");
        await page.Context.CloseAsync();
    }
}
