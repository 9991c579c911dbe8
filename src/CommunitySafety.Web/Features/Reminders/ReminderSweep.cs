using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.Reminders;

public sealed record SweepResult(int Released, int PossiblySent, int Sent);

/// <summary>
/// What every instance runs every few minutes, and the scan runs after it writes the ledger: releases the holds of
/// sends that died with their process, then sends whatever is due, new or retried. Everything it needs is in the
/// ledger, so a restart, a lost job store or a second instance changes nothing.
/// </summary>
public sealed class ReminderSweep(
    IDbContextFactory<AppDbContext> dbFactory, ReminderSender sender, TimeProvider time, IOptions<ReminderDeliveryOptions> options, ILogger<ReminderSweep> log)
{
    public async Task<SweepResult> RunAsync(CancellationToken ct = default)
    {
        var (released, uncertain) = await ReleaseExpiredHoldsAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        List<int> people;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            people = await db.ReminderNotices
                .Where(n => n.Status == ReminderStatus.Pending && n.ClaimedBy == null && n.NextAttemptAt <= now)
                .Select(n => n.RecipientPersonId).Distinct().ToListAsync(ct);
        }

        var sent = 0;
        foreach (var person in people)
        {
            try
            {
                sent += await sender.SendAsync(person, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One person's trouble (a database hiccup mid-send) must not hold up everyone else's reminders.
                log.LogError(ex, "Sending the reminders of person {Person} failed; the next sweep tries again.", person);
            }
        }

        if (released + uncertain + sent > 0)
        {
            log.LogInformation("Reminder sweep: {Sent} sent, {Released} released from a dead send, {Uncertain} possibly sent", sent, released, uncertain);
        }

        return new SweepResult(released, uncertain, sent);
    }

    /// <summary>
    /// A hold older than the hold time belongs to a send that died. If it had begun handing the message over, the
    /// server may have it: possibly sent. If not, nothing left: the notice is due again at once, or failed if its
    /// attempts are used up.
    /// </summary>
    private async Task<(int Released, int PossiblySent)> ReleaseExpiredHoldsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - options.Value.Hold;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var held = db.ReminderNotices.Where(n => n.Status == ReminderStatus.Pending && n.ClaimedBy != null && n.ClaimedAt < stale);
        var uncertain = await held.Where(n => n.HandedOverAt != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, ReminderStatus.PossiblySent)
                .SetProperty(n => n.LastError, "The app stopped while handing this message to the mail server. It may have been delivered, so it is not sent again unless a coordinator says so.")
                .SetProperty(n => n.ClaimedBy, (Guid?)null), ct);
        var failed = await held.Where(n => n.HandedOverAt == null && n.Attempts >= ReminderRetry.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, ReminderStatus.Failed)
                .SetProperty(n => n.LastError, "The app stopped during every attempt to send this.")
                .SetProperty(n => n.ClaimedBy, (Guid?)null), ct);
        var released = await held.Where(n => n.HandedOverAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.NextAttemptAt, now)
                .SetProperty(n => n.LastError, "The app stopped before this was sent; sent again automatically.")
                .SetProperty(n => n.ClaimedBy, (Guid?)null), ct);
        return (released + failed, uncertain);
    }
}
