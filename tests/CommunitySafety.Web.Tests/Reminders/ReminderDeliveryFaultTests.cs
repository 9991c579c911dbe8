using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Xunit.Abstractions;

namespace CommunitySafety.Tests.Reminders;

/// <summary>
/// The ledger under the faults a real mail server and a real host have: an answer to the end of DATA that comes too
/// late or never, a process that dies holding its notices, a restart with a retry waiting, a scan run again and again.
/// Each prints what was sent, duplicated and lost.
/// </summary>
public sealed class ReminderDeliveryFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmtpTestServer smtp = new();

    public void Dispose() => smtp.Dispose();

    private static readonly Regex UpdateLink = new($"{Regex.Escape(ReminderTestApp.BaseUrl)}/update/([A-Za-z0-9_-]{{43}})");

    /// <summary>Emails received, and how many of them repeat a Message-ID already received.</summary>
    private (int Received, int Duplicated) Tally()
    {
        var ids = smtp.Messages().Select(m => m.Message.MessageId).ToList();
        return (ids.Count, ids.Count - ids.Distinct().Count());
    }

    /// <summary>A notice is lost when it is not withdrawn and no email carrying it ever arrived.</summary>
    private async Task<int> LostAsync(ReminderTestApp app)
    {
        var arrived = smtp.Messages().Select(m => m.Message.MessageId).ToHashSet();
        var notices = await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.Status != ReminderStatus.Withdrawn).ToListAsync());
        return notices.Count(n => n.MessageId is null || !arrived.Contains(n.MessageId));
    }

    private void Report(string scenario, int emails, int received, int duplicated, int lost, int possiblySent) =>
        Figures.Print(output, $"Reminders, {scenario}: {emails} emails, {received} received, {duplicated} duplicated, {lost} lost, {possiblySent} possibly sent (held for a coordinator)");

    [Fact]
    public async Task An_answer_to_the_end_of_DATA_after_the_client_timeout_is_possibly_sent_never_resent_blindly_and_its_links_keep_working()
    {
        using var app = new ReminderTestApp(smtp) { SmtpTimeoutSeconds = 2 };
        smtp.Reply(SmtpReply.Delay, TimeSpan.FromSeconds(4));
        await app.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());
        var people = await app.WithDbAsync(db => db.ReminderNotices.Select(n => n.RecipientPersonId).Distinct().CountAsync());

        Assert.Equal(0, (await app.SweepAsync()).Sent);
        smtp.Reply(SmtpReply.Accept);
        // Hours of sweeps and the next day's scan: what may have been delivered is never sent again on its own.
        for (var i = 0; i < 6; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(40));
            await app.SweepAsync();
        }

        var ledger = await app.WithDbAsync(db => db.ReminderNotices.ToListAsync());
        var possiblySent = ledger.Where(n => n.Status == ReminderStatus.PossiblySent).ToList();
        // On a loaded machine a connect can time out too; that one certainly did not go, and is simply retried.
        Assert.All(ledger, n => Assert.Contains(n.Status, new[] { ReminderStatus.PossiblySent, ReminderStatus.Sent }));
        Assert.NotEmpty(possiblySent);
        Assert.All(possiblySent, n =>
        {
            Assert.NotNull(n.MessageId);
            Assert.Equal(1, n.Attempts);
            Assert.Contains("may have been delivered", n.LastError);
        });
        var (received, duplicated) = Tally();
        Assert.Equal(people, received);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, await LostAsync(app));

        // The person has the email: every update link in it works, and none was withdrawn.
        var tokens = smtp.Messages().SelectMany(m => UpdateLink.Matches(m.Message.TextBody ?? "").Select(x => x.Groups[1].Value)).ToList();
        Assert.NotEmpty(tokens);
        foreach (var token in tokens)
        {
            // A restricted action's link asks its cleared owner to sign in first; it is not withdrawn either.
            Assert.Contains((await app.WithServiceAsync<UpdateLinkStatusUpdates, LinkedAction>(u => u.OpenAsync(token))).State, new[] { LinkState.Valid, LinkState.SignInRequired });
        }

        Assert.DoesNotContain(await app.WithDbAsync(db => db.UpdateLinks.ToListAsync()), l => l.RevokedAt is not null);
        Report("reply to end of DATA after the client timeout", people, received, duplicated, await LostAsync(app), possiblySent.Select(n => n.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_connection_dropped_at_the_end_of_DATA_is_possibly_sent_and_a_coordinator_settles_it_with_the_same_Message_ID()
    {
        using var app = new ReminderTestApp(smtp);
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        var safermk = await app.PartnershipIdAsync("safermk");
        var melanie = await app.WithDbAsync(db => db.People.Where(p => p.Email == "melanie.marshman@safermk.example").Select(p => p.Id).SingleAsync());
        var marc = await app.WithDbAsync(db => db.People.Where(p => p.Email == "marc.tarbit@safermk.example").Select(p => p.Id).SingleAsync());
        await app.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());

        // Melanie's server stored her digest then hung up; Marc's hung up before storing. The app cannot tell them apart.
        smtp.Reply(SmtpReply.Drop);
        Assert.Equal(0, await app.WithServiceAsync<ReminderSender, int>(s => s.SendAsync(melanie)));
        smtp.Reply(SmtpReply.DropBeforeStoring);
        Assert.Equal(0, await app.WithServiceAsync<ReminderSender, int>(s => s.SendAsync(marc)));
        smtp.Reply(SmtpReply.Accept);
        app.Clock.Advance(TimeSpan.FromHours(3));
        var others = (await app.SweepAsync()).Sent;
        Assert.True(others > 0);

        var outbox = await app.WithServiceAsync<ReminderQueries, IReadOnlyList<OutboxRow>>(q => q.OutboxAsync(safermk, coordinator));
        var held = outbox.Where(r => r.Status == ReminderStatus.PossiblySent).ToList();
        Assert.Equal(["Marc Tarbit", "Melanie Marshman"], held.Select(r => r.Recipient).Distinct().Order());
        Assert.Single(smtp.Messages(), m => m.To == "melanie.marshman@safermk.example");
        Assert.DoesNotContain(smtp.Messages(), m => m.To == "marc.tarbit@safermk.example");

        // Melanie confirms she has it; Marc says he never got his, so it goes again under the same Message-ID.
        var melaniesId = held.First(r => r.Recipient == "Melanie Marshman").MessageId!;
        var marcsId = held.First(r => r.Recipient == "Marc Tarbit").MessageId!;
        Assert.True(await app.WithServiceAsync<ReminderQueries, int>(q => q.ConfirmReceivedAsync(safermk, melaniesId, coordinator)) > 0);
        Assert.True(await app.WithServiceAsync<ReminderQueries, int>(q => q.SendPossiblySentAgainAsync(safermk, marcsId, coordinator)) > 0);
        var lead = await app.ActorAsync("lead.police@safermk.example");
        Assert.Equal(0, await app.WithServiceAsync<ReminderQueries, int>(q => q.SendPossiblySentAgainAsync(safermk, melaniesId, lead)));
        await app.SweepAsync();
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.SweepAsync();

        var marcs = Assert.Single(smtp.Messages(), m => m.To == "marc.tarbit@safermk.example").Message;
        Assert.Equal(marcsId, marcs.MessageId);
        Assert.Single(smtp.Messages(), m => m.To == "melanie.marshman@safermk.example");
        var ledger = await app.WithDbAsync(db => db.ReminderNotices.ToListAsync());
        Assert.All(ledger, n => Assert.Equal(ReminderStatus.Sent, n.Status));
        // The audit log names the coordinator who settled them.
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ReminderNotice) && e.UserName == coordinator.Name)));
        var (received, duplicated) = Tally();
        Assert.Equal(0, duplicated);
        Report("connection dropped at the end of DATA, then settled by a coordinator", received, received, duplicated, await LostAsync(app), 0);
    }

    [Fact]
    public async Task A_refusal_at_the_end_of_DATA_certainly_did_not_deliver_so_451_is_retried_and_554_fails_at_once()
    {
        using var app = new ReminderTestApp(smtp);
        var melanie = await app.WithDbAsync(db => db.People.Where(p => p.Email == "melanie.marshman@safermk.example").Select(p => p.Id).SingleAsync());
        var marc = await app.WithDbAsync(db => db.People.Where(p => p.Email == "marc.tarbit@safermk.example").Select(p => p.Id).SingleAsync());
        await app.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());

        smtp.Reply(SmtpReply.TempFail);
        await app.WithServiceAsync<ReminderSender, int>(s => s.SendAsync(melanie));
        smtp.Reply(SmtpReply.Reject);
        await app.WithServiceAsync<ReminderSender, int>(s => s.SendAsync(marc));
        var notices = await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.RecipientPersonId == melanie || n.RecipientPersonId == marc).ToListAsync());
        Assert.All(notices.Where(n => n.RecipientPersonId == melanie), n =>
        {
            Assert.Equal(ReminderStatus.Pending, n.Status);
            Assert.Contains("451", n.LastError);
        });
        Assert.All(notices.Where(n => n.RecipientPersonId == marc), n =>
        {
            Assert.Equal(ReminderStatus.Failed, n.Status);
            Assert.Contains("554", n.LastError);
        });

        smtp.Reply(SmtpReply.Accept);
        app.Clock.Advance(ReminderRetry.DelayAfter(1));
        await app.SweepAsync();
        Assert.Single(smtp.Messages(), m => m.To == "melanie.marshman@safermk.example");
        Assert.DoesNotContain(smtp.Messages(), m => m.To == "marc.tarbit@safermk.example");
    }

    [Fact]
    public async Task A_hold_left_by_a_send_that_died_is_released_within_minutes_by_the_sweep_not_the_next_days_scan()
    {
        using var app = new ReminderTestApp(smtp);
        var melanie = await app.WithDbAsync(db => db.People.Where(p => p.Email == "melanie.marshman@safermk.example").Select(p => p.Id).SingleAsync());
        var marc = await app.WithDbAsync(db => db.People.Where(p => p.Email == "marc.tarbit@safermk.example").Select(p => p.Id).SingleAsync());
        await app.WithServiceAsync<ReminderScanner, int>(s => s.ScanAsync());

        // Two sends died holding their notices: Marc's before it reached the mail server, Melanie's while handing hers over.
        var now = TestApp.Now.UtcDateTime;
        await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.RecipientPersonId == marc)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedBy, Guid.NewGuid()).SetProperty(n => n.ClaimedAt, now).SetProperty(n => n.Attempts, 1)));
        await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.RecipientPersonId == melanie)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedBy, Guid.NewGuid()).SetProperty(n => n.ClaimedAt, now).SetProperty(n => n.Attempts, 1)
                .SetProperty(n => n.HandedOverAt, now).SetProperty(n => n.MessageId, "dead-send@safermk.example")));

        // Within the hold they still belong to the send, which might be alive on another instance.
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        var early = await app.SweepAsync();
        Assert.Equal(0, early.Released);
        Assert.DoesNotContain(smtp.Messages(), m => m.To is "marc.tarbit@safermk.example" or "melanie.marshman@safermk.example");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var sweep = await app.SweepAsync();
        Assert.True(sweep.Released > 0);
        Assert.True(sweep.PossiblySent > 0);
        Assert.Single(smtp.Messages(), m => m.To == "marc.tarbit@safermk.example");
        Assert.DoesNotContain(smtp.Messages(), m => m.To == "melanie.marshman@safermk.example");
        var melanies = await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.RecipientPersonId == melanie).ToListAsync());
        Assert.All(melanies, n =>
        {
            Assert.Equal(ReminderStatus.PossiblySent, n.Status);
            Assert.Null(n.ClaimedBy);
        });
        var marcs = await app.WithDbAsync(db => db.ReminderNotices.Where(n => n.RecipientPersonId == marc).ToListAsync());
        Assert.All(marcs, n => Assert.Equal((ReminderStatus.Sent, 2), (n.Status, n.Attempts)));
    }

    [Fact]
    public async Task A_retry_waiting_when_the_app_restarts_is_sent_by_the_restarted_app()
    {
        using var database = TestDatabase.Seeded();
        int waiting;
        using (var before = new ReminderTestApp(smtp, database, ownsDatabase: false))
        {
            smtp.Stop();
            await before.RunScanAndSendsAsync();
            waiting = await before.WithDbAsync(db => db.ReminderNotices.CountAsync(n => n.Status == ReminderStatus.Pending && n.Attempts == 1));
        }

        Assert.True(waiting > 0);
        smtp.Start();
        using var after = new ReminderTestApp(smtp, database, ownsDatabase: false);
        Assert.Equal(0, (await after.SweepAsync()).Sent);
        after.Clock.Advance(ReminderRetry.DelayAfter(1));
        Assert.Equal(waiting, (await after.SweepAsync()).Sent);
        var (received, duplicated) = Tally();
        Assert.Equal(0, duplicated);
        Assert.Equal(0, await LostAsync(after));
        Report("retry waiting across a restart", received, received, duplicated, 0, 0);
    }

    [Fact]
    public async Task Running_the_scan_five_times_in_thirty_seconds_counts_one_attempt_not_five()
    {
        using var app = new ReminderTestApp(smtp);
        smtp.Stop();
        for (var i = 0; i < 5; i++)
        {
            await app.RunScanAndSendsAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(6));
        }

        var ledger = await app.WithDbAsync(db => db.ReminderNotices.ToListAsync());
        Assert.All(ledger, n =>
        {
            Assert.Equal(ReminderStatus.Pending, n.Status);
            Assert.Equal(1, n.Attempts);
        });

        smtp.Start();
        app.Clock.Advance(ReminderRetry.DelayAfter(1));
        await app.RunScanAndSendsAsync();
        Assert.All(await app.WithDbAsync(db => db.ReminderNotices.ToListAsync()), n => Assert.Equal((ReminderStatus.Sent, 2), (n.Status, n.Attempts)));
        Assert.Equal(0, Tally().Duplicated);
    }
}
