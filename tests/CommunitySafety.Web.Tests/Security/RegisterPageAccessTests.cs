using System.Net;
using CommunitySafety.Tests;

namespace CommunitySafety.Web.Tests.Security;

/// <summary>Who may open the strategy, milestones, partners and risks pages and their edit pages, enforced by the server.</summary>
public class RegisterPageAccessTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData("scrutiny@safermk.example", "/p/safermk/strategy")]
    [InlineData("scrutiny@safermk.example", "/p/safermk/milestones")]
    [InlineData("scrutiny@safermk.example", "/p/safermk/partners")]
    [InlineData("scrutiny@safermk.example", "/p/safermk/risks")]
    [InlineData("board@safermk.example", "/p/safermk/milestones/new")]
    [InlineData("board@safermk.example", "/p/safermk/risks/new")]
    [InlineData("lead.police@safermk.example", "/p/safermk/risks/new")]
    public async Task The_page_is_refused(string email, string path)
    {
        var client = await app.SignedInClientAsync(email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("board@safermk.example", "/p/safermk/strategy")]
    [InlineData("board@safermk.example", "/p/safermk/milestones")]
    [InlineData("board@safermk.example", "/p/safermk/partners")]
    [InlineData("board@safermk.example", "/p/safermk/risks")]
    [InlineData("lead.police@safermk.example", "/p/safermk/milestones/new")]
    [InlineData("coordinator@safermk.example", "/p/safermk/risks/new")]
    public async Task The_page_opens(string email, string path)
    {
        var client = await app.SignedInClientAsync(email);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
