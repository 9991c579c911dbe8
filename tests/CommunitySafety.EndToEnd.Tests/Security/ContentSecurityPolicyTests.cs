using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>The app runs under its real content security policy: not one violation reported by the browser.</summary>
[Collection(BrowserCollection.Name)]
public class ContentSecurityPolicyTests(BrowserFixture browser)
{
    /// <summary>Records every CSP violation the page reports, from before its first script runs.</summary>
    internal static async Task<List<string>> WatchViolationsAsync(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        await page.ExposeFunctionAsync("__reportCsp", (string text) => violations.Add(text));
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));");
        return violations;
    }

    [Fact]
    public async Task Sign_in_dashboard_action_dialog_and_select_lists_raise_no_violation()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var violations = await WatchViolationsAsync(page);
        var actionId = await browser.App.WithDbAsync(db => db.Actions
            .Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());

        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync("coordinator@safermk.example");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(CommunitySafety.Tests.TestApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));

        await page.GotoAsync("/p/safermk/dashboard");
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await page.GotoAsync($"/p/safermk/actions/{actionId}/edit");
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync($"/p/safermk/actions/{actionId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post an update" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("RAG rating").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Amber" }).First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");

        Assert.True(violations.Count == 0, "CSP violations:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
        var csp = (await page.GotoAsync("/p/safermk"))!.Headers["content-security-policy"];
        Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
        await context.CloseAsync();
    }
}
