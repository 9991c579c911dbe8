using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>
/// Walks the app's endpoint data source: every endpoint names a policy or is open on purpose; signed out, the app's
/// own assets and the circuit hub work (or the sign-in page is unstyled and an emailed link is a blank page) and no
/// data page, download or job dashboard does.
/// </summary>
public sealed class EndpointPolicyTests(TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    /// <summary>
    /// Pages anyone may open: signing in (with its second step, single sign-on's way there and back, choosing a
    /// password from an emailed link, asking for one) the pages that explain a refusal or a fault, and the load balancer's probe.
    /// </summary>
    private static readonly string[] PublicPages =
    [
        "/account/login", "/account/login-2fa", "/account/login-recovery", "/account/external-login", "/account/external-callback",
        "/account/set-password", "/account/forgot-password", "/account/access-denied", "/error", "/not-found", "/health",
    ];

    private AppRoutes routes = default!;

    public async Task InitializeAsync() => routes = await AppRoutes.FromSampleAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private IReadOnlyList<RouteEndpoint> Endpoints => AppRoutes.Endpoints(app.Services);

    private static bool AllowsAnonymous(Endpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>Blazor's own endpoints beside the pages: the circuit hub and its negotiation, opaque redirects.</summary>
    private static bool IsFramework(RouteEndpoint e) =>
        e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal));

    /// <summary>
    /// MapStaticAssets' own fallback in Development, for files added to wwwroot after the build; Production has no
    /// such endpoint and it cannot take a convention, so the fallback policy (signed in) covers it.
    /// </summary>
    private static bool IsDevelopmentAssetFallback(RouteEndpoint e) =>
        e.RoutePattern.RawText == "{**path:file}" && e.DisplayName == "Fallback {**path:file}";

    private static string Describe(RouteEndpoint e) => $"{e.RoutePattern.RawText} ({e.DisplayName})";

    /// <summary>A route keyed by a secret in the address (an emailed update link, a calendar feed).</summary>
    private static bool IsKeyedBySecret(RouteEndpoint e) =>
        e.RoutePattern.Parameters.Any(p => p.Name.Equals("token", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Every_endpoint_names_a_policy_or_allows_anonymous_access()
    {
        var unnamed = Endpoints
            .Where(e => !AllowsAnonymous(e) && !IsDevelopmentAssetFallback(e))
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>() is var rules && (rules.Count == 0 || rules.Any(r => string.IsNullOrEmpty(r.Policy))))
            .Select(Describe).Distinct().ToList();

        Assert.True(unnamed.Count == 0, "Endpoints with neither a named policy nor AllowAnonymous:\n" + string.Join("\n", unnamed));
    }

    [Fact]
    public async Task Signed_out_the_sign_in_page_gets_its_stylesheets_and_scripts()
    {
        var client = app.CreateClientWithoutRedirects();
        var page = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        var assets = Regex.Matches(html, "<(?:link[^>]*rel=\"stylesheet\"[^>]*href|script[^>]*src)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.Contains("MudBlazor.min.css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await client.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode} {response.Headers.Location} signed out");
        }
    }

    [Fact]
    public async Task Signed_out_every_static_asset_and_the_circuit_hub_answer()
    {
        var client = app.CreateClientWithoutRedirects();
        var refused = new List<string>();
        foreach (var route in Endpoints.Where(AppRoutes.IsStaticAsset).Select(e => e.RoutePattern.RawText!).Distinct())
        {
            var response = await client.GetAsync("/" + route.TrimStart('/'));
            if (response.StatusCode != HttpStatusCode.OK) refused.Add($"{route}: {(int)response.StatusCode} {response.Headers.Location}");
        }

        Assert.True(refused.Count == 0, "Static assets refused signed out:\n" + string.Join("\n", refused));

        var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Contains("connectionToken", await negotiate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_blazor/initializers/")).StatusCode);
    }

    [Fact]
    public async Task Signed_out_no_data_page_download_or_dashboard_opens()
    {
        var client = app.CreateClientWithoutRedirects();
        var opened = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in Endpoints.Where(e => !AllowsAnonymous(e) && !AppRoutes.IsStaticAsset(e) && !IsFramework(e) && !IsDevelopmentAssetFallback(e)).DistinctBy(e => e.RoutePattern.RawText))
        {
            var method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var address = routes.Address(endpoint.RoutePattern);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), address));
            checkedCount++;
            var toSignIn = response.StatusCode == HttpStatusCode.Redirect
                           && response.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase);
            if (!toSignIn && response.StatusCode != HttpStatusCode.Unauthorized) opened.Add($"{method} {address}: {(int)response.StatusCode}");
        }

        Assert.True(checkedCount > 20, $"Only {checkedCount} protected endpoints found: is the route table being read?");
        Assert.True(opened.Count == 0, "Answered signed out instead of sending to sign-in:\n" + string.Join("\n", opened));
    }

    [Fact]
    public void The_only_pages_open_signed_out_are_sign_in_the_error_pages_and_those_keyed_by_a_secret()
    {
        var open = Endpoints.Where(e => AllowsAnonymous(e) && !AppRoutes.IsStaticAsset(e) && !IsFramework(e))
            .Where(e => !PublicPages.Contains(e.RoutePattern.RawText, StringComparer.OrdinalIgnoreCase) && !IsKeyedBySecret(e))
            .Select(Describe).Distinct().ToList();

        Assert.True(open.Count == 0, "Open signed out with no secret in the address:\n" + string.Join("\n", open));
    }
}
