using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>
/// Sends one person what the ledger has due for them: their digest, and any update round emails, each as one email.
/// <para>
/// The notices are claimed first (one conditional update), so two sweeps or two instances never send the same one.
/// Each email gets a Message-ID when first put together, kept on its notices for every later attempt. What happens
/// next depends on what the mail server said: taken, and the notices are sent; certainly not taken, and they wait
/// for their next attempt (1, 5, 30 minutes, 2 hours, then failed), the links made for that email withdrawn as nobody
/// has them; no answer after the message itself went, and they are "possibly sent": never retried blindly, shown to
/// the coordinators, who can confirm or send again with the same Message-ID.
/// </para>
/// </summary>
public sealed class ReminderSender(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    ReminderMailer mailer,
    IEnumerable<IReminderEmailComposer> composers,
    IOptions<EmailOptions> emailOptions,
    IOptions<ReminderDeliveryOptions> deliveryOptions,
    ILogger<ReminderSender> log)
{
    /// <summary>Returns how many notices went.</summary>
    public async Task<int> SendAsync(int personId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claimed = await db.ReminderNotices
            .Where(n => n.RecipientPersonId == personId && n.Status == ReminderStatus.Pending && n.ClaimedBy == null && n.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.ClaimedBy, claim)
                .SetProperty(n => n.ClaimedAt, now)
                .SetProperty(n => n.HandedOverAt, (DateTime?)null)
                .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                .SetProperty(n => n.LastAttemptAt, now), ct);
        if (claimed == 0) return 0;

        var notices = await db.ReminderNotices.Where(n => n.ClaimedBy == claim).ToListAsync(ct);
        var person = await db.People.Include(p => p.Partnership).SingleAsync(p => p.Id == personId, ct);
        if (string.IsNullOrWhiteSpace(person.Email) || !MailboxAddress.TryParse(person.Email, out _))
        {
            foreach (var n in notices)
            {
                n.Status = ReminderStatus.Failed;
                n.LastError = $"{person.Name} has no valid email address.";
                n.ClaimedBy = null;
            }

            await db.SaveChangesAsync(ct);
            return 0;
        }

        var cleared = (await ReminderScanner.ClearedPeopleAsync(db, ct)).Contains(personId);
        // A send never outlives its hold: past this it gives up, and what it had not yet handed over waits for a retry.
        using var limit = new CancellationTokenSource(deliveryOptions.Value.SendTimeLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        var sent = 0;
        foreach (var group in notices.GroupBy(n => n.MessageId ?? "new:" + ComposerFor(n).GroupKey(n)).ToList())
        {
            sent += await SendOneAsync(db, person, group.ToList(), claim, cleared, linked.Token);
        }

        return sent;
    }

    private IReminderEmailComposer ComposerFor(ReminderNotice notice) =>
        composers.FirstOrDefault(c => c.Writes(notice.ItemType))
        ?? throw new InvalidOperationException($"Nothing writes emails for {notice.ItemType} reminders.");

    private async Task<int> SendOneAsync(AppDbContext db, Person person, List<ReminderNotice> group, Guid claim, bool cleared, CancellationToken ct)
    {
        ComposedEmail? email;
        try
        {
            email = await ComposerFor(group[0]).ComposeAsync(db, person, group, cleared, ct);
        }
        catch (OperationCanceledException)
        {
            await RetryLaterAsync(group.Select(n => n.Id).ToList(), claim, "Gave up before sending: the send ran out of time.", permanent: false);
            return 0;
        }

        var live = group.Where(n => n.Status == ReminderStatus.Pending).ToList();
        foreach (var n in group.Where(n => n.Status != ReminderStatus.Pending)) n.ClaimedBy = null;
        if (email is null || live.Count == 0)
        {
            foreach (var n in live)
            {
                n.Status = ReminderStatus.Withdrawn;
                n.ClaimedBy = null;
            }

            await db.SaveChangesAsync(CancellationToken.None);
            return 0;
        }

        var messageId = live.Select(n => n.MessageId).FirstOrDefault(m => m is not null) ?? NewMessageId();
        foreach (var n in live) n.MessageId = messageId;
        // The Message-ID and the links are stored before anything leaves, so the email's links work the moment it lands.
        await db.SaveChangesAsync(CancellationToken.None);

        var ids = live.Select(n => n.Id).ToList();
        var options = emailOptions.Value;
        var message = new MimeMessage { Subject = email.Subject, MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(person.Name, person.Email!));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        var result = await mailer.SendAsync(message, () => MarkHandedOver(ids, claim), ct);
        var done = time.GetUtcNow().UtcDateTime;
        switch (result.Outcome)
        {
            case MailOutcome.Accepted:
                // A hold released while this send was slow has made it "possibly sent"; the server's yes settles it.
                await db.ReminderNotices
                    .Where(n => ids.Contains(n.Id) && (n.ClaimedBy == claim || (n.Status == ReminderStatus.PossiblySent && n.MessageId == messageId)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(n => n.Status, ReminderStatus.Sent)
                        .SetProperty(n => n.SentAt, done)
                        .SetProperty(n => n.LastError, (string?)null)
                        .SetProperty(n => n.ClaimedBy, (Guid?)null), CancellationToken.None);
                return live.Count;

            case MailOutcome.NotAccepted:
                foreach (var link in email.Links) link.RevokedAt = done;
                await db.SaveChangesAsync(CancellationToken.None);
                await RetryLaterAsync(ids, claim, result.Error, result.Permanent);
                log.LogWarning("Reminder email {MessageId} to {Person} was not taken by the mail server: {Error}", messageId, person.Name, result.Error);
                return 0;

            default:
                await db.ReminderNotices.Where(n => ids.Contains(n.Id) && n.ClaimedBy == claim)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(n => n.Status, ReminderStatus.PossiblySent)
                        .SetProperty(n => n.LastError, Clip($"No answer from the mail server after it was given the message ({result.Error}). It may have been delivered, so it is not sent again unless a coordinator says so."))
                        .SetProperty(n => n.ClaimedBy, (Guid?)null), CancellationToken.None);
                log.LogWarning("Reminder email {MessageId} to {Person} may or may not have been delivered: {Error}", messageId, person.Name, result.Error);
                return 0;
        }
    }

    /// <summary>Nothing was taken: back to waiting with the next delay, or failed once the attempts are used up.</summary>
    private async Task RetryLaterAsync(List<int> ids, Guid claim, string? error, bool permanent)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var notices = await db.ReminderNotices.Where(n => ids.Contains(n.Id) && n.ClaimedBy == claim)
            .Select(n => new { n.Id, n.Attempts }).ToListAsync(CancellationToken.None);
        foreach (var attempts in notices.GroupBy(n => n.Attempts))
        {
            var these = attempts.Select(n => n.Id).ToList();
            var giveUp = permanent || ReminderRetry.GivesUpAfter(attempts.Key);
            var next = now + ReminderRetry.DelayAfter(attempts.Key);
            await db.ReminderNotices.Where(n => these.Contains(n.Id) && n.ClaimedBy == claim)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, giveUp ? ReminderStatus.Failed : ReminderStatus.Pending)
                    .SetProperty(n => n.NextAttemptAt, next)
                    .SetProperty(n => n.LastError, Clip(error))
                    .SetProperty(n => n.HandedOverAt, (DateTime?)null)
                    .SetProperty(n => n.ClaimedBy, (Guid?)null), CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs inside the mail client as the message starts to go, and must be stored before its end is sent: a hold that
    /// expires after this point means "possibly sent", before it "not sent". Hence synchronous, on a context of its own.
    /// </summary>
    private void MarkHandedOver(List<int> ids, Guid claim)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using var db = dbFactory.CreateDbContext();
        db.ReminderNotices.Where(n => ids.Contains(n.Id) && n.ClaimedBy == claim)
            .ExecuteUpdate(s => s.SetProperty(n => n.HandedOverAt, now));
    }

    private static string? Clip(string? text) => text is { Length: > 2000 } ? text[..2000] : text;

    private string NewMessageId()
    {
        var domain = MailboxAddress.TryParse(emailOptions.Value.From, out var from) && from.Domain is { Length: > 0 } d ? d : "communitysafety.invalid";
        return $"{Guid.NewGuid():N}.reminder@{domain}";
    }
}
