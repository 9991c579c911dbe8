using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;

namespace CommunitySafety.Web.Tests.Instances;

/// <summary>Two instances on one PostgreSQL behind nginx: one sign-in is good on both, and nginx keeps a browser on one.</summary>
[Trait("Provider", "PostgreSql")]
public sealed class TwoInstanceTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Signed_in_through_instance_A_the_same_cookie_works_on_instance_B_and_through_nginx()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

        await SignInAsync(browser, instances.A.BaseUrl, "coordinator@safermk.example");

        // Each instance has a home folder of its own, so B can only read A's cookie with the keys in the database.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{instances.B.BaseUrl}/p/safermk/actions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{instances.Nginx.BaseUrl}/p/safermk/actions")).StatusCode);
        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var signedOut = await stranger.GetAsync($"{instances.B.BaseUrl}/p/safermk/actions");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/account/login", signedOut.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Nginx_gives_a_new_browser_an_instance_cookie_and_keeps_it_to_that_instance()
    {
        using var first = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var response = await first.GetAsync($"{instances.Nginx.BaseUrl}/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cs_instance=", StringComparison.Ordinal));
        Assert.Contains("HttpOnly", set);

        var again = new HttpRequestMessage(HttpMethod.Get, $"{instances.Nginx.BaseUrl}/account/login");
        again.Headers.Add("Cookie", set.Split(';')[0]);
        var second = await first.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.DoesNotContain(second.Headers.TryGetValues("Set-Cookie", out var more) ? more : [], c => c.StartsWith("cs_instance=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"{instances.Nginx.BaseUrl}/health")).StatusCode);
    }

    /// <summary>Signs in through the real form, antiforgery token and all, as a browser would.</summary>
    internal static async Task SignInAsync(HttpClient browser, string baseUrl, string email)
    {
        var page = await browser.GetStringAsync($"{baseUrl}/account/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync($"{baseUrl}/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = TestApp.Password,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in as {email} at {baseUrl}: {(int)response.StatusCode}");
    }
}
