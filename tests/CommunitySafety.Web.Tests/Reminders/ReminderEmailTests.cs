using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunitySafety.Tests.Reminders;

/// <summary>
/// The reminder scan on the sample partnerships at 09:00 on Tuesday 24 November 2026, sending through a real SMTP
/// server. Each test has its own app and database, because each one sends.
/// </summary>
public sealed class ReminderEmailTests : IDisposable
{
    private readonly SmtpTestServer smtp = new();

    public void Dispose() => smtp.Dispose();

    private static string Text(MimeMessage m) => m.TextBody ?? "";

    private static string Html(MimeMessage m) => m.HtmlBody ?? "";

    [Fact]
    public async Task Each_person_gets_one_digest_with_what_is_due_or_overdue_for_them_and_nothing_restricted_unless_cleared()
    {
        using var app = new ReminderTestApp(smtp);
        var sent = await app.RunScanAndSendsAsync();

        var messages = smtp.Messages();
        Assert.NotEmpty(messages);
        Assert.Equal(messages.Count, messages.Select(m => m.To).Distinct().Count());
        var ledger = await app.WithDbAsync(db => db.ReminderNotices.Include(n => n.Recipient).ToListAsync());
        Assert.Equal(sent, ledger.Count(n => n.Status == ReminderStatus.Sent));
        Assert.Equal(
            ledger.Where(n => n.Status == ReminderStatus.Sent).Select(n => n.Recipient!.Email!).Distinct().Order(),
            messages.Select(m => m.To).Order());

        // The head of community safety: the scrutiny meeting in 13 days, and (cleared) the restricted DHR items.
        var melanie = Assert.Single(messages, m => m.To == "melanie.marshman@safermk.example").Message;
        Assert.Contains("Annual crime and disorder scrutiny meeting", Text(melanie));
        Assert.Contains("Due in 13 days: due Monday 7 December 2026", Text(melanie));
        Assert.Contains("DA-03", Text(melanie));
        Assert.Contains("DHR: overview report to Home Office Quality Assurance Panel", Html(melanie));
        Assert.Contains("Monday 7 December 2026", Html(melanie));
        Assert.Equal("SaferMK reminders", melanie.From.Mailboxes.Single().Name);

        // Each lead of an overdue action hears of every one of theirs, each with its own update link.
        var today = new DateOnly(2026, 11, 24);
        var overdueByLead = (await app.WithDbAsync(db => db.Actions
                .Where(a => a.LeadPerson!.Email != null && !a.IsRestricted
                            && (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today)
                .Select(a => new { a.LeadPerson!.Email, a.Reference }).ToListAsync()))
            .GroupBy(a => a.Email!).ToList();
        Assert.NotEmpty(overdueByLead);
        foreach (var lead in overdueByLead)
        {
            var digest = Assert.Single(messages, m => m.To == lead.Key).Message;
            Assert.All(lead, a => Assert.Contains(a.Reference, Text(digest)));
            Assert.True(lead.Count() <= Regex.Matches(Text(digest), $"{ReminderTestApp.BaseUrl}/update/[A-Za-z0-9_-]{{43}}").Count);
            Assert.Contains($"{ReminderTestApp.BaseUrl}/p/", Html(digest));
            Assert.Contains("overdue", digest.Subject, StringComparison.OrdinalIgnoreCase);
        }

        // Exempt items reach cleared people only: the chair of SaferMK has no account, so is not cleared.
        var clearedEmails = new[] { "melanie.marshman@safermk.example", "michael.bracey@safermk.example" };
        Assert.All(messages.Where(m => !clearedEmails.Contains(m.To)), m =>
        {
            Assert.DoesNotContain("DA-03", Text(m.Message) + Html(m.Message));
            Assert.DoesNotContain("DHR:", Text(m.Message) + Html(m.Message));
        });
    }

    [Fact]
    public async Task Running_the_scan_again_sends_nothing_new()
    {
        using var app = new ReminderTestApp(smtp);
        var first = await app.RunScanAndSendsAsync();
        var received = smtp.Messages().Count;
        var ledgerRows = await app.WithDbAsync(db => db.ReminderNotices.CountAsync());

        Assert.True(first > 0);
        Assert.Equal(0, await app.RunScanAndSendsAsync());
        Assert.Equal(received, smtp.Messages().Count);
        Assert.Equal(ledgerRows, await app.WithDbAsync(db => db.ReminderNotices.CountAsync()));

        // A week on, the overdue actions are chased again (VC-03 was 116 days overdue), but the milestone reminders already sent are not repeated.
        smtp.Clear();
        app.Clock.Advance(TimeSpan.FromDays(7));
        await app.RunScanAndSendsAsync();
        var weekLater = smtp.Messages();
        var melanie = Assert.Single(weekLater, m => m.To == "melanie.marshman@safermk.example").Message;
        Assert.Contains("VC-03", Text(melanie));
        Assert.Contains("Overdue by 123 days", Text(melanie));
        Assert.DoesNotContain(weekLater, m => Text(m.Message).Contains("Due in 13 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_mail_server_down_sends_wait_for_their_retry_and_arrive_once_when_it_is_back()
    {
        using var app = new ReminderTestApp(smtp);
        smtp.Stop();

        Assert.Equal(0, await app.RunScanAndSendsAsync());
        var waiting = await app.WithDbAsync(db => db.ReminderNotices.ToListAsync());
        Assert.NotEmpty(waiting);
        Assert.All(waiting, n =>
        {
            Assert.Equal(ReminderStatus.Pending, n.Status);
            Assert.Equal(1, n.Attempts);
            Assert.Contains("SocketException", n.LastError);
            Assert.Equal(TestApp.Now.UtcDateTime + ReminderRetry.DelayAfter(1), n.NextAttemptAt);
        });

        smtp.Start();
        // Not due yet: a sweep now tries nothing, and counts no attempt.
        Assert.Equal(0, (await app.SweepAsync()).Sent);
        app.Clock.Advance(ReminderRetry.DelayAfter(1));
        Assert.Equal(waiting.Count, (await app.SweepAsync()).Sent);
        Assert.Equal(0, (await app.SweepAsync()).Sent);

        var messages = smtp.Messages();
        Assert.Equal(waiting.Select(n => n.RecipientPersonId).Distinct().Count(), messages.Count);
        Assert.Equal(messages.Count, messages.Select(m => m.To).Distinct().Count());
        Assert.All(await app.WithDbAsync(db => db.ReminderNotices.ToListAsync()), n =>
        {
            Assert.Equal(ReminderStatus.Sent, n.Status);
            Assert.Equal(2, n.Attempts);
        });
        // The links in the email that never left went nowhere: withdrawn; those in the email that arrived work.
        var links = await app.WithDbAsync(db => db.UpdateLinks.ToListAsync());
        Assert.Contains(links, l => l.RevokedAt is not null);
        Assert.Contains(links, l => l.RevokedAt is null);
    }

    [Fact]
    public async Task A_send_that_keeps_failing_is_recorded_as_failed_for_the_coordinators_and_can_be_sent_again()
    {
        using var app = new ReminderTestApp(smtp);
        smtp.Stop();
        await app.RunScanAndSendsAsync();
        var marc = await app.WithDbAsync(db => db.People.Where(p => p.Email == "marc.tarbit@safermk.example").Select(p => p.Id).SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.ReminderNotices.AnyAsync(n => n.RecipientPersonId == marc)));
        for (var attempt = 1; attempt < ReminderRetry.MaxAttempts; attempt++)
        {
            app.Clock.Advance(ReminderRetry.DelayAfter(attempt));
            await app.SweepAsync();
        }

        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var safermk = await app.PartnershipIdAsync("safermk");
        var outbox = await app.WithServiceAsync<ReminderQueries, IReadOnlyList<OutboxRow>>(q => q.OutboxAsync(safermk, coordinator));
        var failed = outbox.Where(r => r.Status == ReminderStatus.Failed).ToList();
        Assert.Equal(outbox.Count, failed.Count);
        Assert.Contains(failed, r => r.Recipient == "Marc Tarbit");
        Assert.All(failed, r =>
        {
            Assert.Equal(ReminderRetry.MaxAttempts, r.Attempts);
            Assert.Contains("SocketException", r.LastError);
        });
        // Given up: later sweeps leave them alone.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await app.SweepAsync()).Sent);
        var lead = await app.ActorAsync("lead.police@safermk.example");
        Assert.Empty(await app.WithServiceAsync<ReminderQueries, IReadOnlyList<OutboxRow>>(q => q.OutboxAsync(safermk, lead)));

        smtp.Start();
        Assert.Equal(failed.Count, await app.WithServiceAsync<ReminderQueries, int>(q => q.RetryFailedAsync(safermk, coordinator)));
        Assert.Equal(failed.Count, (await app.SweepAsync()).Sent);
        Assert.Single(smtp.Messages(), m => m.To == "marc.tarbit@safermk.example");
    }

    [Fact]
    public async Task With_no_SMTP_host_the_digests_are_written_as_eml_files()
    {
        using var app = new ReminderTestApp(smtp: null);
        var sent = await app.RunScanAndSendsAsync();

        Assert.True(sent > 0);
        var files = Directory.GetFiles(app.PickupFolder, "*.eml");
        Assert.Empty(Directory.GetFiles(app.PickupFolder, "*.tmp"));
        var messages = files.Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(messages.Count, messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Contains(messages, m => m.To.Mailboxes.Single().Address == "melanie.marshman@safermk.example"
                                       && (m.TextBody ?? "").Contains("Annual crime and disorder scrutiny meeting", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages());
    }
}
