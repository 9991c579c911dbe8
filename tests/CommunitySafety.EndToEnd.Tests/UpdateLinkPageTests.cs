using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>
/// A partner lead opening an emailed update link signed out sees the update form alone: none of the app's menu
/// (which would only send them to sign-in), a way to sign in if they have an account, and nothing axe objects to.
/// </summary>
[Collection(BrowserCollection.Name)]
public class UpdateLinkPageTests(BrowserFixture browser)
{
    private static async Task AssertNoAppMenuAsync(IPage page)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Partnerships" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Signed_out_the_update_link_page_has_no_app_menu_and_offers_sign_in()
    {
        var routes = await AppRoutes.FromSampleAsync(browser.App);
        var address = routes.Address(RoutePatternFactory.Parse("/update/{Token}"));
        var page = await browser.SignedOutPageAsync();
        var watch = browser.Watch(page);

        await page.GotoAsync(address);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, NameRegex = new Regex("^Status update: ") })).ToBeVisibleAsync();
        await AssertNoAppMenuAsync(page);
        var signIn = page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });
        await Assertions.Expect(signIn).ToHaveAttributeAsync("href", new Regex("^/account/login\\?ReturnUrl=%2Fupdate%2F[A-Za-z0-9_-]{43}$"));

        // Its drop-downs still open without the app's layout around them.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "RAG rating" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Red", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Red", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "RAG rating" })).ToContainTextAsync("Red");
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "The update link page");

        // A link that cannot be used says so on the same plain page.
        await page.GotoAsync("/update/" + new string('A', 43));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "This link cannot be used" })).ToBeVisibleAsync();
        await AssertNoAppMenuAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await AccessibilityTests.AssertNoSeriousViolationsAsync(page, "The update link page for a link that cannot be used");

        watch.AssertClean("The update link page");
        await page.Context.CloseAsync();
    }
}
