using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>Another feature's reminders for the daily scan (update round chasers, say), written to the same ledger.</summary>
public interface IReminderSource
{
    Task<IReadOnlyList<ReminderDue>> DueAsync(AppDbContext db, DateOnly today, DateTime nowUtc, IReadOnlySet<int> clearedPeople, CancellationToken ct);
}

/// <summary>
/// Finds what is due or overdue today (London calendar) in every partnership and writes it to the ledger. Only
/// occasions not already in the ledger are added, so running it again, after a restart or on a second instance adds
/// nothing. Sending is the sweep's work (<see cref="ReminderSweep"/>).
/// </summary>
public sealed class ReminderScanner(
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IEnumerable<IReminderSource> sources, ILogger<ReminderScanner> log)
{
    /// <summary>Returns how many notices it added to the ledger.</summary>
    public async Task<int> ScanAsync(CancellationToken ct = default)
    {
        var today = time.Today();
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var cleared = (await ClearedPeopleAsync(db, ct)).ToHashSet();
        var timings = await db.ReminderPreferences.AsNoTracking().ToDictionaryAsync(p => p.PersonId, p => p.MilestoneTiming, ct);
        var settings = await db.Partnerships.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Settings, ct);
        var chairs = await db.Boards.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.ChairId, ct);

        var due = new List<ReminderDue>();
        var milestones = await db.Milestones.AsNoTracking().Where(m => m.CompletedOn == null && m.DueDate >= today).ToListAsync(ct);
        foreach (var m in milestones)
        {
            var chair = m.SignOffBoardId is { } board ? chairs.GetValueOrDefault(board) : null;
            due.AddRange(ReminderRules.ForMilestone(m, chair, settings[m.PartnershipId], today, cleared.Contains,
                p => timings.GetValueOrDefault(p, MilestoneDigestTiming.Daily)));
        }

        var actions = await db.Actions.AsNoTracking()
            .Where(a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && a.DueDate < today)
            .Select(a => new { Action = a, a.Priority!.Strategy!.PartnershipId })
            .ToListAsync(ct);
        foreach (var x in actions)
        {
            var chair = x.Action.BoardId is { } board ? chairs.GetValueOrDefault(board) : null;
            due.AddRange(ReminderRules.ForAction(x.Action, x.PartnershipId, chair, settings[x.PartnershipId], today, cleared.Contains));
        }

        foreach (var source in sources) due.AddRange(await source.DueAsync(db, today, now, cleared, ct));
        var added = await AddNewAsync(db, due, today, now, ct);
        log.LogInformation("Reminder scan for {Today}: {Due} due, {Added} new", today, due.Count, added);
        return added;
    }

    /// <summary>People whose account carries the cleared claim. Someone without an account is never cleared.</summary>
    internal static Task<List<int>> ClearedPeopleAsync(AppDbContext db, CancellationToken ct) =>
        db.Users.Where(u => u.PersonId != null
                            && db.UserClaims.Any(c => c.UserId == u.Id && c.ClaimType == AppClaims.Cleared && c.ClaimValue == "true"))
            .Select(u => u.PersonId!.Value).Distinct().ToListAsync(ct);

    private static async Task<int> AddNewAsync(AppDbContext db, List<ReminderDue> due, DateOnly today, DateTime now, CancellationToken ct)
    {
        if (due.Count == 0) return 0;
        var people = due.Select(d => d.RecipientPersonId).Distinct().ToList();
        var known = (await db.ReminderNotices.Where(n => people.Contains(n.RecipientPersonId))
                .Select(n => new { n.RecipientPersonId, n.ItemType, n.ItemId, n.Occasion }).ToListAsync(ct))
            .Select(n => (n.RecipientPersonId, n.ItemType, n.ItemId, n.Occasion)).ToHashSet();
        var fresh = due.Where(d => known.Add((d.RecipientPersonId, d.ItemType, d.ItemId, d.Occasion)))
            .Select(d => new ReminderNotice
            {
                PartnershipId = d.PartnershipId, RecipientPersonId = d.RecipientPersonId, ItemType = d.ItemType, ItemId = d.ItemId,
                Kind = d.Kind, Occasion = d.Occasion, DueDate = d.DueDate, ScanDate = today, CreatedAt = now, NextAttemptAt = now, Status = ReminderStatus.Pending,
            }).ToList();
        if (fresh.Count == 0) return 0;

        db.ReminderNotices.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }
        catch (DbUpdateException)
        {
            // Another instance scanned at the same moment: the unique index kept its rows; add ours one at a time.
            db.ChangeTracker.Clear();
            var added = 0;
            foreach (var notice in fresh)
            {
                notice.Id = 0;
                db.ReminderNotices.Add(notice);
                try
                {
                    await db.SaveChangesAsync(ct);
                    added++;
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                }
            }

            return added;
        }
    }
}
