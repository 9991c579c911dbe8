using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>"My reminders" from the menu, for the roles that crashed on it, and the menu still works afterwards.</summary>
[Collection(BrowserCollection.Name)]
public class MyRemindersTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("board@safermk.example")]
    [InlineData("lead.police@safermk.example")]
    public async Task My_reminders_opens_from_the_menu_and_the_menu_keeps_working(string account)
    {
        var page = await browser.SignedInPageAsync(account);
        var watch = browser.Watch(page);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" });

        await menu.GetByRole(AriaRole.Link, new() { Name = "My reminders" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coming in the next 60 days" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Weekly, in a Monday digest covering the week ahead" })).ToBeVisibleAsync();

        await menu.GetByRole(AriaRole.Link, new() { Name = "Partnerships" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your partnerships", Level = 1 })).ToBeVisibleAsync();

        watch.AssertClean($"My reminders as {account}");
        await page.Context.CloseAsync();
    }
}
