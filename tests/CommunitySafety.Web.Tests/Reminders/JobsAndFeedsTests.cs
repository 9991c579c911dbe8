using System.Net;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Tests.Reminders;

public sealed class JobsAndFeedsTests(PickupReminderTestApp app) : IClassFixture<PickupReminderTestApp>
{
    [Fact]
    public async Task The_Hangfire_dashboard_is_for_administrators_only()
    {
        var anonymous = await app.CreateClientWithoutRedirects().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location?.ToString());

        var coordinator = await (await app.SignedInClientAsync("coordinator@safermk.example")).GetAsync("/hangfire");
        // The access-denied page, not a bare 403 that the status pages would show as "Page not found".
        Assert.Equal(HttpStatusCode.Redirect, coordinator.StatusCode);
        Assert.StartsWith("/account/access-denied", coordinator.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var admin = await (await app.SignedInClientAsync("admin@safermk.example")).GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("reminder-scan", await admin.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_scan_is_a_recurring_job_at_seven_in_the_morning_London_time()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "reminder-scan");
        Assert.Equal("0 7 * * *", job.Cron);
        Assert.Equal("Europe/London", job.TimeZoneId);
    }

    [Fact]
    public async Task Calendar_feeds_are_served_by_token_without_restricted_items_and_stop_when_withdrawn()
    {
        var client = app.CreateClientWithoutRedirects();
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var personal = await app.WithServiceAsync<CalendarFeeds, string?>(f => f.CreateAsync(coordinator, CalendarFeedScope.Person));
        var whole = await app.WithServiceAsync<CalendarFeeds, string?>(f => f.CreateAsync(coordinator, CalendarFeedScope.Partnership));
        Assert.NotNull(personal);
        Assert.NotNull(whole);

        var mine = await client.GetAsync(new Uri(personal).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("text/calendar", mine.Content.Headers.ContentType?.MediaType);
        var ics = await mine.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VCALENDAR", ics);
        Assert.Contains("Annual crime and disorder scrutiny meeting", ics);
        Assert.Contains("DTSTART;VALUE=DATE:20261207", ics);
        Assert.DoesNotContain("DA-03", ics);
        Assert.DoesNotContain("DHR", ics);

        var all = await client.GetStringAsync(new Uri(whole).PathAndQuery);
        Assert.Contains("Channel Duty assurance statement due", all);
        Assert.DoesNotContain("DA-03", all);
        var restrictedTitles = await app.WithDbAsync(db => db.Milestones.Where(m => m.IsRestricted).Select(m => m.Title).ToListAsync());
        Assert.All(restrictedTitles, t => Assert.DoesNotContain(t, all));

        // A feed address for the other kind of feed, a forged one and a withdrawn one all get nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(personal).PathAndQuery.Replace("/person/", "/partnership/"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/calendar/person/" + new string('A', 43) + ".ics")).StatusCode);
        var feed = (await app.WithServiceAsync<CalendarFeeds, IReadOnlyList<CalendarFeedRow>>(f => f.MineAsync(coordinator))).First(f => f.Scope == CalendarFeedScope.Person);
        Assert.True(await app.WithServiceAsync<CalendarFeeds, bool>(f => f.RevokeAsync(coordinator, feed.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(personal).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Completing_a_recurring_duty_adds_next_years_and_only_coordinators_may_add_duties()
    {
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var lead = await app.ActorAsync("lead.police@safermk.example");
        var safermk = await app.PartnershipIdAsync("safermk");
        Assert.NotNull(await app.WithServiceAsync<ReminderQueries, string?>(q => q.AddFromTemplateAsync(safermk, lead, "serious-violence-strategy-review", new DateOnly(2027, 1, 31), null, null)));
        Assert.Null(await app.WithServiceAsync<ReminderQueries, string?>(q => q.AddFromTemplateAsync(safermk, coordinator, "serious-violence-strategy-review", new DateOnly(2027, 1, 31), null, null)));

        var review = await app.WithDbAsync(db => db.Milestones.SingleAsync(m => m.PartnershipId == safermk && m.TemplateKey == "serious-violence-strategy-review"));
        Assert.Null(await app.WithServiceAsync<ReminderQueries, string?>(q => q.CompleteAsync(safermk, coordinator, review.Id, review.Version)));
        var next = await app.WithDbAsync(db => db.Milestones.SingleAsync(m => m.PartnershipId == safermk && m.TemplateKey == "serious-violence-strategy-review" && m.CompletedOn == null));
        Assert.Equal(new DateOnly(2028, 1, 31), next.DueDate);
    }

    [Fact]
    public async Task The_scan_job_writes_the_ledger_and_sends_what_it_found_without_waiting_for_the_sweep()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CommunitySafety.Web.Jobs.ReminderJobs>().ScanAsync(CancellationToken.None);
        var ledger = await app.WithDbAsync(db => db.ReminderNotices.ToListAsync());
        Assert.NotEmpty(ledger);
        Assert.DoesNotContain(ledger, n => n.Status == ReminderStatus.Pending);
        var people = ledger.Where(n => n.Status == ReminderStatus.Sent).Select(n => n.RecipientPersonId).Distinct().Count();
        Assert.Equal(people, Directory.GetFiles(app.PickupFolder, "*.eml").Length);
    }
}
