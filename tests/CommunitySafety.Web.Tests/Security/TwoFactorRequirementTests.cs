using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Administration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>A partnership that requires two-step sign-in: its coordinators and cleared users set it up before anything else.</summary>
public class TwoFactorRequirementTests(TestApp app) : IClassFixture<TestApp>
{
    private static string Antiforgery(string html) => Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task A_coordinator_is_sent_to_set_up_two_step_sign_in_and_gets_in_once_they_have()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .SetRequireTwoFactorAsync(await app.ActorAsync("coordinator@safermk.example"), await app.PartnershipIdAsync("safermk"), true);
            Assert.True(result.Succeeded);
        }

        var client = app.CreateClientWithoutRedirects();
        var signIn = await TestApp.PostSignInAsync(client, "coordinator@safermk.example", TestApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/two-factor", signIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var refused = await client.GetAsync("/p/safermk/actions");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // An uncleared board member is not asked.
        var board = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "board@safermk.example", TestApp.Password);
        Assert.Equal("/", board.Headers.Location!.PathAndQuery);

        var page = await client.GetStringAsync("/account/two-factor");
        Assert.Contains("Your partnership requires two-step sign-in", page, StringComparison.Ordinal);
        var key = Regex.Match(page, "<code data-testid=\"authenticator-key\">([^<]+)</code>").Groups[1].Value;
        var wrong = await client.PostAsync("/account/two-factor", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "enable", ["__RequestVerificationToken"] = Antiforgery(page), ["Input.Code"] = "000000",
        }));
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var enabled = await client.PostAsync("/account/two-factor", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "enable", ["__RequestVerificationToken"] = Antiforgery(page), ["Input.Code"] = Totp.Now(key),
        }));
        var html = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("Your recovery codes", html, StringComparison.Ordinal);
        Assert.Equal(10, Regex.Matches(html, "<li><code>[^<]+</code></li>").Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/p/safermk/actions")).StatusCode);

        // From now on the password alone is not enough.
        var next = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "coordinator@safermk.example", TestApp.Password);
        Assert.StartsWith("/account/login-2fa", next.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_two_step_page_signs_the_person_out_of_nothing_else()
    {
        var elsewhere = await app.SignedInClientAsync("scrutiny@melton.example");
        Task<string?> StampAsync() => app.WithDbAsync(db => db.Users.Where(u => u.Email == "scrutiny@melton.example").Select(u => u.SecurityStamp).SingleAsync());
        var before = await StampAsync();

        var page = await (await app.SignedInClientAsync("scrutiny@melton.example")).GetStringAsync("/account/two-factor");

        Assert.Matches("<code data-testid=\"authenticator-key\">[^<]+</code>", page);
        Assert.Equal(before, await StampAsync());
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/p/melton/outcomes")).StatusCode);
    }
}
