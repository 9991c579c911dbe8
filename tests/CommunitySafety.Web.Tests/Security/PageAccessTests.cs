using System.Net;
using CommunitySafety.Tests;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>Every page names who may use it, and the server enforces it whatever the menu shows.</summary>
public class PageAccessTests(TestApp app) : IClassFixture<TestApp>
{
    private Task<int> SomeActionIdAsync() =>
        app.WithDbAsync(db => db.Actions.Where(a => a.Priority!.Strategy!.Partnership!.Slug == "safermk" && !a.IsRestricted)
            .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());

    private static void AssertAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        var response = await app.CreateClientWithoutRedirects().GetAsync("/p/safermk/actions");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_scrutiny_member_cannot_reach_an_edit_page()
    {
        var client = await app.SignedInClientAsync("scrutiny@safermk.example");

        AssertAccessDenied(await client.GetAsync($"/p/safermk/actions/{await SomeActionIdAsync()}/edit"));
    }

    [Fact]
    public async Task A_scrutiny_member_cannot_read_the_action_plan()
    {
        var client = await app.SignedInClientAsync("scrutiny@safermk.example");

        AssertAccessDenied(await client.GetAsync("/p/safermk/actions"));
    }

    [Fact]
    public async Task A_coordinator_opens_the_edit_page()
    {
        var client = await app.SignedInClientAsync("coordinator@safermk.example");

        var response = await client.GetAsync($"/p/safermk/actions/{await SomeActionIdAsync()}/edit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var response = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "coordinator@safermk.example", "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(CommunitySafety.Web.Features.Account.LoginMessages.NotRight, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/p/safermk/actions", "/p/safermk/actions")]
    public void Sign_in_only_returns_to_local_addresses(string returnUrl, string expected)
    {
        Assert.Equal(expected, CommunitySafety.Web.Features.Account.Login.SafeReturnUrl(returnUrl));
    }
}
