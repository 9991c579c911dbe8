using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests;

/// <summary>The Hangfire dashboard: in the administrators' menu, and a proper refusal for anyone else.</summary>
[Collection(BrowserCollection.Name)]
public class JobDashboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_administrator_opens_the_job_dashboard_from_the_menu()
    {
        var page = await browser.SignedInPageAsync("admin@safermk.example");
        var watch = browser.Watch(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Background jobs" }).ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("/hangfire", StringComparison.Ordinal));
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("CommunitySafety jobs"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" })).ToBeVisibleAsync();
        watch.AssertClean("Job dashboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Anyone_else_is_told_they_have_no_access_and_has_no_menu_link()
    {
        var page = await browser.SignedInPageAsync("coordinator@safermk.example");
        var watch = browser.Watch(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main menu" }).GetByRole(AriaRole.Link, new() { Name = "Partnerships" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Background jobs" })).ToHaveCountAsync(0);

        await page.GotoAsync("/hangfire");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to that page", Level = 1 })).ToBeVisibleAsync();
        watch.AssertClean("Job dashboard refused");
        await page.Context.CloseAsync();
    }
}
