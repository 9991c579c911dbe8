using System.Net;
using System.Text.RegularExpressions;
using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Components.Pages;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace CommunitySafety.Web.Tests.Components;

/// <summary>
/// A status sent without a page of its own gets the page for that status, not "Page not found" for all of them: each
/// with its heading, what to do next and a link to the start page.
/// </summary>
public sealed class ErrorStatusPageTests(TestApp app) : ComponentTestContext(app), IClassFixture<TestApp>
{
    private static async Task<(HttpStatusCode Status, string Heading, string Html)> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var heading = Regex.Match(html, "<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Matches("<a[^>]*href=\"/\"[^>]*>Go to the start page</a>", html);
        return (response.StatusCode, WebUtility.HtmlDecode(heading).Trim(), WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task An_address_with_no_page_says_the_page_was_not_found()
    {
        var client = await App.SignedInClientAsync("coordinator@safermk.example");

        var (status, heading, html) = await ReadAsync(await client.GetAsync("/p/safermk/no-such-page"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Page not found", heading);
        Assert.Contains("There is no page at this address", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_to_a_download_or_a_form_without_its_token_says_the_request_could_not_be_used()
    {
        var client = await App.SignedInClientAsync("coordinator@safermk.example");
        FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        // The export is a download, to be fetched, not posted to.
        var (status, heading, html) = await ReadAsync(await client.PostAsync("/p/safermk/export.xlsx", Form("any")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("This request could not be used", heading);
        Assert.Contains("This address does not take that kind of request.", html, StringComparison.Ordinal);

        // An expired form is one whose antiforgery token no longer matches.
        (status, heading, html) = await ReadAsync(await client.PostAsync("/account/logout", Form("expired")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("This request could not be used", heading);
        Assert.Contains("If you were sending a form, it may have expired", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Page not found", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_error_says_something_went_wrong_and_that_it_has_been_logged()
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IStatusCodeReExecuteFeature>(new ReExecuted(500, "/p/safermk/export.xlsx"));

        var page = Render<StatusCodePage>(p => p.AddCascadingValue(http));

        Assert.Equal("Something went wrong", page.Find("h1").TextContent.Trim());
        Assert.Contains("The problem has been logged.", page.Markup, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(page.Find("code").TextContent), "No reference to quote.");
        Assert.Equal("/", page.Find("a").GetAttribute("href"));
    }

    /// <summary>What the status code pages middleware records before it re-executes to the page.</summary>
    private sealed class ReExecuted(int status, string path) : IStatusCodeReExecuteFeature
    {
        public int OriginalStatusCode => status;

        public string OriginalPath { get; set; } = path;

        public string OriginalPathBase { get; set; } = "";

        public string? OriginalQueryString { get; set; }
    }
}
