using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Features.Account;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>Sign-in answers alike for accounts that exist and those that do not, and limits failures per address.</summary>
public class SignInEnumerationTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The page without what differs on every response anyway (antiforgery token, CSP nonce, protected state, the typed address).</summary>
    private static async Task<(HttpStatusCode, string)> AttemptAsync(TestApp app, string email)
    {
        var response = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), email, "not the password");
        var html = await response.Content.ReadAsStringAsync();
        html = Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\"");
        html = Regex.Replace(html, "nonce=\"[^\"]*\"", "nonce=\"\"");
        // Data-protected state Blazor writes into the page differs per response too.
        html = Regex.Replace(html, "[A-Za-z0-9+/=_%-]{40,}", "…");
        return (response.StatusCode, html);
    }

    [Fact]
    public async Task A_real_account_and_an_unknown_address_get_the_same_answers_through_lockout_and_the_limit()
    {
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            var real = await AttemptAsync(app, "board@safermk.example");
            var unknown = await AttemptAsync(app, "nobody.here@safermk.example");

            Assert.Equal(real.Item1, unknown.Item1);
            Assert.Equal(real.Item2, unknown.Item2);
            Assert.DoesNotContain("locked", real.Item2, StringComparison.OrdinalIgnoreCase);
            var expected = attempt <= 5 ? LoginMessages.NotRight : LoginMessages.TooManyAttempts;
            Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), real.Item2, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AttemptAsync(app, "board@safermk.example")).Item1);
    }
}

public class SignInClientLimitTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task One_client_trying_many_addresses_is_stopped_even_with_a_right_password()
    {
        for (var i = 0; i < 20; i++)
        {
            var response = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), $"guess{i}@safermk.example", "Password1");
            Assert.Contains(System.Net.WebUtility.HtmlEncode(LoginMessages.NotRight), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var right = await TestApp.PostSignInAsync(app.CreateClientWithoutRedirects(), "coordinator@safermk.example", TestApp.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LoginMessages.TooManyAttempts), await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
