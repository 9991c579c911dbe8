using System.Net;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>The OIDC provider, then the app pointing at it, then a browser.</summary>
public sealed class SingleSignOnFixture : IAsyncLifetime
{
    public OidcTestProvider Provider { get; private set; } = default!;
    public BrowserFixture Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Provider = await OidcTestProvider.StartAsync();
        Browser = new BrowserFixture(builder => Configure(builder, Provider.Authority));
        await Browser.InitializeAsync();
        await Provider.RegisterClientAsync(Browser.BaseUrl);
    }

    /// <summary>The app pointed at the test provider, with local passwords switched off.</summary>
    private static void Configure(IWebHostBuilder builder, string authority)
    {
        builder.UseSetting("Authentication:OpenIdConnect:Authority", authority);
        builder.UseSetting("Authentication:OpenIdConnect:ClientId", OidcTestProvider.ClientId);
        builder.UseSetting("Authentication:OpenIdConnect:ClientSecret", OidcTestProvider.ClientSecret);
        builder.UseSetting("Authentication:OpenIdConnect:DisplayName", OidcTestProvider.ProviderName);
        builder.UseSetting("Authentication:OpenIdConnect:RequireHttpsMetadata", "false");
        builder.UseSetting("Authentication:LocalPasswords:Enabled", "false");
        // The app's clock is fixed in the past for the sample data; the round trip's cookies must not expire before they are set.
        builder.ConfigureServices(services => services.PostConfigure<OpenIdConnectOptions>(SingleSignOnOptions.Scheme, o => o.TimeProvider = TimeProvider.System));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SingleSignOnCollection : ICollectionFixture<SingleSignOnFixture>
{
    public const string Name = "single sign-on";
}

[Collection(SingleSignOnCollection.Name)]
public class SingleSignOnTests(SingleSignOnFixture sso)
{
    private TestApp App => sso.Browser.App;

    private async Task<IPage> SignOnAsync(string email, string password)
    {
        var context = await sso.Browser.Browser.NewContextAsync(new() { BaseURL = sso.Browser.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("/account/login");
        // The first sign-on of a run also fetches the provider's metadata and keys: give a loaded machine time.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {OidcTestProvider.ProviderName}" }).ClickAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test Council: sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Work email").FillAsync(email);
        await page.GetByLabel("Council password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in to Test Council" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.Browser.BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal)
                                          && !url.Contains("/account/external", StringComparison.Ordinal), new() { Timeout = 60_000 });
        return page;
    }

    [Fact]
    public async Task A_coordinator_signs_in_with_the_councils_provider_and_is_matched_to_their_account_by_verified_email()
    {
        var page = await SignOnAsync("coordinator@safermk.example", "provider password 1");

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.GotoAsync("/p/safermk/actions");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("Action plan");
        var logins = await App.WithDbAsync(db => db.UserLogins.Where(l => l.ProviderKey == "subject-coordinator")
            .Join(db.Users, l => l.UserId, u => u.Id, (l, u) => new { u.Email, u.LastSignInAt }).ToListAsync());
        var login = Assert.Single(logins);
        Assert.Equal("coordinator@safermk.example", login.Email);
        Assert.NotNull(login.LastSignInAt);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_with_no_account_here_is_told_so_and_no_account_is_made()
    {
        var accounts = await App.WithDbAsync(db => db.Users.CountAsync());

        var page = await SignOnAsync("stranger@council.example", "provider password 3");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("There is no account for that sign-in here");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        Assert.Equal(accounts, await App.WithDbAsync(db => db.Users.CountAsync()));
        Assert.False(await App.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.ProviderKey == "subject-stranger")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_email_the_provider_does_not_vouch_for_matches_no_account()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "unverified.board@safermk.example", Email = "unverified.board@safermk.example", DisplayName = "Unverified", PartnershipId = await App.PartnershipIdAsync("safermk") };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, AppRoles.BoardMember)).Succeeded);
        }

        var page = await SignOnAsync("unverified.board@safermk.example", "provider password 2");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("There is no account for that sign-in here");
        Assert.False(await App.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.ProviderKey == "subject-unverified")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task With_local_passwords_off_the_sign_in_page_has_no_password_and_a_posted_password_signs_nobody_in()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(sso.Browser.BaseUrl) };
        var page = await client.GetStringAsync("/account/login");
        Assert.DoesNotContain("type=\"password\"", page, StringComparison.Ordinal);
        Assert.Contains($"Sign in with {OidcTestProvider.ProviderName}", page, StringComparison.Ordinal);

        var posted = await TestApp.PostSignInAsync(client, "coordinator@safermk.example", TestApp.Password);

        Assert.NotEqual(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/p/safermk/actions")).StatusCode);
        Assert.False((await client.GetAsync("/account/forgot-password")).Content.Headers.ContentLength is 0);
    }
}
