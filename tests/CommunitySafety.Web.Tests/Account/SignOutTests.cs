using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;

namespace CommunitySafety.Web.Tests.Account;

/// <summary>Signing out is a form post that needs the menu's antiforgery token: another site cannot sign anyone out.</summary>
public sealed class SignOutTests(TestApp app) : IClassFixture<TestApp>
{
    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);

    private static async Task<bool> SignedInAsync(HttpClient client)
    {
        var response = await client.GetAsync("/me/reminders");
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return false;
    }

    [Fact]
    public async Task A_post_without_the_menus_token_signs_nobody_out_and_the_menus_sign_out_form_does()
    {
        var client = await app.SignedInClientAsync("coordinator@safermk.example");
        Assert.True(await SignedInAsync(client));

        // A page from another site posting to the app: the browser may send the cookies, but the site cannot read a token.
        var forged = await client.PostAsync("/account/logout", Form([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var guessed = await client.PostAsync("/account/logout", Form(new() { ["__RequestVerificationToken"] = "CfDJ8-guessed" }));
        Assert.Equal(HttpStatusCode.BadRequest, guessed.StatusCode);
        Assert.True(await SignedInAsync(client), "A post without the menu's token signed the coordinator out.");

        // The menu's own form, as the statically rendered dashboard carries it.
        var dashboard = await client.GetStringAsync("/p/safermk/dashboard");
        var menuForm = Regex.Match(dashboard, "<form action=\"/account/logout\" method=\"post\">.*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Singleline);
        Assert.True(menuForm.Success, "The menu's sign-out form carries no antiforgery token.");
        var signOut = await client.PostAsync("/account/logout", Form(new() { ["__RequestVerificationToken"] = menuForm.Groups[1].Value }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.EndsWith("/account/login", signOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(await SignedInAsync(client), "The menu's sign-out form did not sign the coordinator out.");
    }
}
