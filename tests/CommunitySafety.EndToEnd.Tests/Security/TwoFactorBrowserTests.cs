using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>Setting up an authenticator app and signing in with it, and with a recovery code, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class TwoFactorBrowserTests(BrowserFixture browser)
{
    private const string Password = "correct horse battery staple";

    private async Task<string> NewAccountAsync()
    {
        var email = $"totp.{Guid.NewGuid():N}@safermk.example";
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Two-step tester", PartnershipId = await browser.App.PartnershipIdAsync("safermk") };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, AppRoles.BoardMember)).Succeeded);
        return email;
    }

    private static async Task SignInWithPasswordAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task A_board_member_sets_up_an_authenticator_then_signs_in_with_a_code_and_with_a_recovery_code()
    {
        var email = await NewAccountAsync();
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await SignInWithPasswordAsync(page, email);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "Two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to add CommunitySafety to your authenticator app" })).ToBeVisibleAsync();
        var key = (await page.GetByText(new Regex("^Key:")).TextContentAsync())!["Key:".Length..].Trim();
        await page.GetByLabel("Code from the app").FillAsync(Totp.Now(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        var codes = await page.GetByRole(AriaRole.Listitem).AllTextContentsAsync();
        Assert.Equal(10, codes.Count);
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them: carry on" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/account/login");

        // The password alone now leads to the second step.
        await SignInWithPasswordAsync(page, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enter the code from your authenticator app" })).ToBeVisibleAsync();
        await page.GetByLabel("Authentication code").FillAsync("123456" == Totp.Now(key) ? "654321" : "123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "That code is not right" })).ToBeVisibleAsync();
        await page.GetByLabel("Authentication code").FillAsync(Totp.Now(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/account/login");

        // Phone lost: a recovery code, once.
        await SignInWithPasswordAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(codes[0].Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
