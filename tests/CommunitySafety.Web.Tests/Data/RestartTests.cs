using System.Net;
using System.Text.RegularExpressions;
using CommunitySafety.Tests;
using CommunitySafety.Web.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>
/// What must outlive the process: the Data Protection keys (so a sign-in cookie still works) and the jobs waiting in
/// Hangfire's store. A second host on the same database plays the restarted app, or the other instance.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly TestDatabase database = TestDatabase.Seeded();
    private readonly TestApp first;

    public RestartTests() => first = new TestApp(database, ownsDatabase: false);

    public void Dispose()
    {
        first.Dispose();
        database.Dispose();
    }

    [Fact]
    public async Task A_sign_in_cookie_from_one_host_works_on_the_next_one_on_the_same_database()
    {
        var cookie = await SignInCookiesAsync(first, "coordinator@safermk.example");
        Assert.True(await first.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()), "No Data Protection key was stored in the database.");

        using var second = new TestApp(database, ownsDatabase: false);
        var client = second.CreateClientWithoutRedirects();

        // Pages are authorised before they render: signed out (or with a cookie it cannot read) the answer is a
        // redirect to sign in; with a cookie it can unprotect, the page.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/p/safermk/actions", cookie)).StatusCode);
        var forged = await GetAsync(client, "/p/safermk/actions", cookie[..^8] + "AAAAAAAA");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Contains("/account/login", forged.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_job_waiting_in_the_store_is_still_there_after_a_restart()
    {
        var scheduled = first.Services.GetRequiredService<IBackgroundJobClient>()
            .Create(Job.FromExpression<ReminderJobs>(j => j.ScanAsync(CancellationToken.None)), new ScheduledState(TimeSpan.FromHours(1)));
        await first.DisposeAsync();

        using var second = new TestApp(database, ownsDatabase: false);
        var job = second.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(scheduled);

        Assert.NotNull(job);
        Assert.Equal(ScheduledState.StateName, job.History[0].StateName);
        Assert.Equal(nameof(ReminderJobs.ScanAsync), job.Job.Method.Name);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    /// <summary>Signs in through the form by hand and returns the cookies the browser would keep.</summary>
    private static async Task<string> SignInCookiesAsync(TestApp app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/login");
        var cookies = Cookies(page);
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = TestApp.Password,
            }),
        };
        post.Headers.Add("Cookie", cookies);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return Cookies(signedIn);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
