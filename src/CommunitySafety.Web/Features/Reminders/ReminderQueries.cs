using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Reminders;

public sealed record OutboxRow(
    int Id, string Recipient, string? RecipientEmail, ReminderKind Kind, string Item, DateOnly DueDate, DateOnly ScanDate,
    ReminderStatus Status, int Attempts, string? LastError, DateTime? SentAt, DateTime NextAttemptAt, DateTime? LastAttemptAt, string? MessageId);

public sealed record ComingReminder(DateOnly Day, string What, string Item, DateOnly DueDate);

public sealed record CalendarRow(
    int Id, string Title, string? Description, MilestoneKind Kind, DateOnly DueDate, DateOnly? CompletedOn, string? Owner, string? SignOffBoard,
    string? TemplateKey, bool IsRestricted, Guid Version);

/// <summary>
/// Reads and changes for the reminder pages: the coordinators' outbox, a person's own reminders and digest timing,
/// and the partnership's statutory calendar. Every method checks the rule itself.
/// </summary>
public sealed class ReminderQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ReminderSweepSignal sweep)
{
    public async Task<IReadOnlyList<OutboxRow>> OutboxAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = await db.ReminderNotices.AsNoTracking().Include(n => n.Recipient)
            .Where(n => n.PartnershipId == partnershipId)
            .OrderBy(n => n.Status == ReminderStatus.PossiblySent ? 0 : n.Status == ReminderStatus.Failed ? 1 : n.Status == ReminderStatus.Pending ? 2 : 3)
            .ThenByDescending(n => n.CreatedAt).Take(300).ToListAsync(ct);
        var titles = await ItemTitlesAsync(db, notices, actor, ct);
        return notices.Select(n => new OutboxRow(
                n.Id, n.Recipient!.Name, n.Recipient.Email, n.Kind, titles.GetValueOrDefault((n.ItemType, n.ItemId), "A restricted item"),
                n.DueDate, n.ScanDate, n.Status, n.Attempts, n.LastError, n.SentAt, n.NextAttemptAt, n.LastAttemptAt, n.MessageId))
            .ToList();
    }

    /// <summary>Puts failed reminders back in the queue with a fresh set of attempts, due now.</summary>
    public async Task<int> RetryFailedAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var failed = await db.ReminderNotices.Where(n => n.PartnershipId == partnershipId && n.Status == ReminderStatus.Failed).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var n in failed)
        {
            n.Status = ReminderStatus.Pending;
            n.Attempts = 0;
            n.NextAttemptAt = now;
            n.ClaimedBy = null;
        }

        await db.SaveChangesAsync(ct);
        sweep.Nudge();
        return failed.Count;
    }

    /// <summary>
    /// A coordinator's answer to "possibly sent": the person did not get it, so send it again. The resend keeps the
    /// Message-ID, so a mail program that did get the first copy can tell them apart from a new reminder, and the
    /// first copy's links keep working.
    /// </summary>
    public Task<int> SendPossiblySentAgainAsync(int partnershipId, string messageId, Actor actor, CancellationToken ct = default) =>
        SettlePossiblySentAsync(partnershipId, messageId, actor, received: false, ct);

    /// <summary>A coordinator's answer to "possibly sent": the person has it, so it counts as sent and is never resent.</summary>
    public Task<int> ConfirmReceivedAsync(int partnershipId, string messageId, Actor actor, CancellationToken ct = default) =>
        SettlePossiblySentAsync(partnershipId, messageId, actor, received: true, ct);

    private async Task<int> SettlePossiblySentAsync(int partnershipId, string messageId, Actor actor, bool received, CancellationToken ct)
    {
        if (!actor.CanEditStrategy(partnershipId)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(actor, ct);
        var notices = await db.ReminderNotices
            .Where(n => n.PartnershipId == partnershipId && n.MessageId == messageId && n.Status == ReminderStatus.PossiblySent).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var n in notices)
        {
            if (received)
            {
                n.Status = ReminderStatus.Sent;
                n.SentAt ??= n.LastAttemptAt ?? now;
                n.LastError = $"Confirmed received by {actor.Name}.";
            }
            else
            {
                n.Status = ReminderStatus.Pending;
                n.Attempts = 0;
                n.NextAttemptAt = now;
                n.LastError = $"Sent again at the request of {actor.Name}.";
            }
        }

        await db.SaveChangesAsync(ct);
        if (!received && notices.Count > 0) sweep.Nudge();
        return notices.Count;
    }

    public async Task<MilestoneDigestTiming> TimingAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.PersonId is not { } person) return MilestoneDigestTiming.Daily;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReminderPreferences.Where(p => p.PersonId == person).Select(p => (MilestoneDigestTiming?)p.MilestoneTiming).SingleOrDefaultAsync(ct)
               ?? MilestoneDigestTiming.Daily;
    }

    public async Task<bool> SetTimingAsync(Actor actor, MilestoneDigestTiming timing, CancellationToken ct = default)
    {
        if (actor.PersonId is not { } person || !Enum.IsDefined(timing)) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var preference = await db.ReminderPreferences.SingleOrDefaultAsync(p => p.PersonId == person, ct);
        if (preference is null) db.ReminderPreferences.Add(new ReminderPreference { PersonId = person, MilestoneTiming = timing });
        else preference.MilestoneTiming = timing;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>What the person will be sent in the next <paramref name="days"/> days, soonest first.</summary>
    public async Task<IReadOnlyList<ComingReminder>> ComingAsync(Actor actor, int days = 60, CancellationToken ct = default)
    {
        if (actor.PersonId is not { } person || actor.PartnershipId is not { } partnershipId) return [];
        var today = time.Today();
        var until = today.AddDays(days);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Partnerships.AsNoTracking().Where(p => p.Id == partnershipId).Select(p => p.Settings).SingleAsync(ct);
        var chairOf = await db.Boards.Where(b => b.ChairId == person).Select(b => b.Id).ToListAsync(ct);
        var milestones = await db.Milestones.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && m.CompletedOn == null && m.DueDate >= today
                        && (m.OwnerId == person || (m.SignOffBoardId != null && chairOf.Contains(m.SignOffBoardId.Value)))
                        && (actor.IsCleared || !m.IsRestricted))
            .ToListAsync(ct);
        var coming = new List<ComingReminder>();
        foreach (var m in milestones)
        {
            var reminderDays = ReminderRules.ComingReminderDays(m, settings, today).ToList();
            if (m.OwnerId == person)
            {
                coming.AddRange(reminderDays.Where(d => d <= until).Select(d => new ComingReminder(d, "Milestone reminder", m.Title, m.DueDate)));
            }
            else if (reminderDays.Count > 0 && reminderDays[^1] <= until)
            {
                coming.Add(new ComingReminder(reminderDays[^1], "Copy as chair of the sign-off board", m.Title, m.DueDate));
            }
        }

        var overdue = await db.Actions.AsNoTracking()
            .Where(a => a.LeadPersonId == person && (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress)
                        && a.DueDate != null && a.DueDate < until && (actor.IsCleared || !a.IsRestricted))
            .ToListAsync(ct);
        foreach (var a in overdue)
        {
            // First day overdue, then every seventh day: the next one from today.
            var first = a.DueDate!.Value.AddDays(1);
            var next = first >= today ? first : first.AddDays((today.DayNumber - first.DayNumber + 6) / 7 * 7);
            if (next <= until) coming.Add(new ComingReminder(next, "Overdue notice (weekly, cannot be switched off)", $"{a.Reference} {a.Title}", a.DueDate.Value));
        }

        return coming.OrderBy(c => c.Day).ThenBy(c => c.Item).ToList();
    }

    public async Task<IReadOnlyList<CalendarRow>> CalendarAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Milestones.AsNoTracking()
            .Where(m => m.PartnershipId == partnershipId && (actor.IsCleared || !m.IsRestricted))
            .OrderBy(m => m.CompletedOn != null).ThenBy(m => m.DueDate)
            .Select(m => new CalendarRow(m.Id, m.Title, m.Description, m.Kind, m.DueDate, m.CompletedOn, m.Owner!.Name, m.SignOffBoard!.Name,
                m.TemplateKey, m.IsRestricted, m.Version))
            .ToListAsync(ct);
    }

    /// <summary>A coordinator puts a statutory duty on the partnership's calendar.</summary>
    public async Task<string?> AddFromTemplateAsync(int partnershipId, Actor actor, string templateKey, DateOnly due, int? ownerId, int? boardId, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return "Only the partnership's coordinators may change its calendar.";
        if (MilestoneTemplates.Find(templateKey) is not { } template) return "Choose a duty from the statutory calendar.";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (ownerId is { } owner && !await db.People.AnyAsync(p => p.Id == owner && p.PartnershipId == partnershipId, ct)) return "Choose an owner from this partnership.";
        if (boardId is { } board && !await db.Boards.AnyAsync(b => b.Id == board && b.PartnershipId == partnershipId, ct)) return "Choose a board of this partnership.";
        db.Milestones.Add(MilestoneTemplates.Create(template, partnershipId, due, ownerId, boardId));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Marks a milestone done; a recurring duty's next occurrence is added in the same save.</summary>
    public async Task<string?> CompleteAsync(int partnershipId, Actor actor, int milestoneId, Guid version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var milestone = await db.Milestones.SingleOrDefaultAsync(m => m.Id == milestoneId && m.PartnershipId == partnershipId, ct);
        if (milestone is null || (milestone.IsRestricted && !actor.IsCleared)) return "That milestone does not exist, or you cannot see it.";
        if (!actor.CanUpdateMilestone(milestone)) return "You may not change this milestone.";
        if (milestone.IsComplete) return "That milestone is already complete.";
        db.Entry(milestone).Property(m => m.Version).OriginalValue = version;
        milestone.CompletedOn = time.Today();
        milestone.Version = Guid.NewGuid();
        if (MilestoneTemplates.NextOccurrence(milestone) is { } next) db.Milestones.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Someone else changed this milestone. Reload to see their change; nothing was saved.";
        }

        return null;
    }

    private static async Task<Dictionary<(ReminderItemType, int), string>> ItemTitlesAsync(AppDbContext db, List<ReminderNotice> notices, Actor actor, CancellationToken ct)
    {
        var milestoneIds = notices.Where(n => n.ItemType == ReminderItemType.Milestone).Select(n => n.ItemId).Distinct().ToList();
        var actionIds = notices.Where(n => n.ItemType == ReminderItemType.Action).Select(n => n.ItemId).Distinct().ToList();
        var titles = new Dictionary<(ReminderItemType, int), string>();
        foreach (var m in await db.Milestones.Where(m => milestoneIds.Contains(m.Id) && (actor.IsCleared || !m.IsRestricted)).Select(m => new { m.Id, m.Title }).ToListAsync(ct))
            titles[(ReminderItemType.Milestone, m.Id)] = m.Title;
        foreach (var a in await db.Actions.Where(a => actionIds.Contains(a.Id) && (actor.IsCleared || !a.IsRestricted)).Select(a => new { a.Id, a.Reference, a.Title }).ToListAsync(ct))
            titles[(ReminderItemType.Action, a.Id)] = $"{a.Reference} {a.Title}";
        var roundIds = notices.Where(n => n.ItemType == ReminderItemType.UpdateRound).Select(n => n.ItemId).Distinct().ToList();
        foreach (var r in await db.UpdateRounds.Where(r => roundIds.Contains(r.Id)).Select(r => new { r.Id, Board = r.Board!.Name, r.Meeting!.StartsAt }).ToListAsync(ct))
            titles[(ReminderItemType.UpdateRound, r.Id)] = $"Update round: {r.Board}, {UkCulture.Date(DateOnly.FromDateTime(PartnershipClock.ToLondon(r.StartsAt)))}";
        return titles;
    }
}
