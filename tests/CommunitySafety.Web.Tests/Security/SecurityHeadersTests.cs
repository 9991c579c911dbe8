using CommunitySafety.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>Every response carries the security headers; the antiforgery cookie is Secure outside development.</summary>
public class SecurityHeadersTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/access-denied")]
    [InlineData("/update/not-a-token")]
    public async Task A_response_carries_the_headers(string path)
    {
        var response = await app.CreateClientWithoutRedirects().GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'self' 'nonce-[^']+'", csp);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_response()
    {
        var response = await app.CreateClientWithoutRedirects().GetAsync("/account/login");
        var nonce = System.Text.RegularExpressions.Regex.Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy")), "'nonce-([^']+)'").Groups[1].Value;

        var html = await response.Content.ReadAsStringAsync();

        var attribute = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"importmap\" nonce=\"([^\"]+)\">").Groups[1].Value;
        Assert.Equal(nonce, System.Net.WebUtility.HtmlDecode(attribute));
    }

    [Fact]
    public async Task In_production_the_antiforgery_cookie_is_secure()
    {
        using var production = new TestApp().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var response = await production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }).GetAsync("/account/login");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
