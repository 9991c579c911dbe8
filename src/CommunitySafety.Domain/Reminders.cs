namespace CommunitySafety.Domain;

public enum ReminderItemType
{
    Milestone,
    Action,

    /// <summary>The item is an update round: the notice is one email about it.</summary>
    UpdateRound,
}

public enum ReminderKind
{
    /// <summary>A milestone's owner, some days before it is due.</summary>
    MilestoneDue,

    /// <summary>The sign-off board's chair, copied on the last reminder.</summary>
    SignOffCopy,

    /// <summary>An overdue action's lead: first day overdue, then weekly.</summary>
    ActionOverdue,

    /// <summary>The overseeing board's chair, once an action is long overdue.</summary>
    OverdueEscalation,

    /// <summary>An owner asked for their update round answers (on opening, for a late action, or sent again).</summary>
    RoundRequest,

    /// <summary>An owner who has not answered, 3 days before the deadline and on it.</summary>
    RoundChaser,

    /// <summary>The coordinator and the board's chair, after the deadline: who has not answered.</summary>
    RoundNotAnswered,
}

/// <summary>When a person wants their milestone reminders. Overdue notices always go the day they fall due.</summary>
public enum MilestoneDigestTiming
{
    Daily,
    WeeklyOnMonday,
}

public enum ReminderStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>Completed, moved or removed before the reminder went: nothing to send.</summary>
    Withdrawn,

    /// <summary>
    /// The mail server received the message but its answer never came (a timeout, a dropped connection, or the app
    /// stopped at that moment). It may have been delivered, so it is not sent again unless a coordinator says so.
    /// </summary>
    PossiblySent,
}

/// <summary>
/// One reminder that falls due for one person. <see cref="Occasion"/> names it so that the same reminder is never
/// sent twice: it carries the due date, so a milestone moved to a new date is reminded afresh for it.
/// </summary>
public sealed record ReminderDue(
    int RecipientPersonId,
    ReminderItemType ItemType,
    int ItemId,
    ReminderKind Kind,
    string Occasion,
    DateOnly DueDate,
    int PartnershipId);

/// <summary>Who gets what on a given London calendar day. No database, no clock of its own: pass "today".</summary>
public static class ReminderRules
{
    public static readonly IReadOnlyList<int> DefaultLeadDays = [28, 14, 7, 1, 0];

    /// <summary>"28,14,7,1,0" as lead days, largest first; null when the text names none.</summary>
    public static IReadOnlyList<int>? ParseLeadDays(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var days = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) || d > 366) return null;
            days.Add(d);
        }

        return days.Count == 0 ? null : days.Distinct().OrderDescending().ToList();
    }

    /// <summary>The milestone's own lead days if it has them, else the partnership's, else 28, 14, 7, 1 and 0.</summary>
    public static IReadOnlyList<int> LeadDaysFor(Milestone milestone, PartnershipSettings settings) =>
        ParseLeadDays(milestone.ReminderLeadDays) ?? ParseLeadDays(settings.ReminderLeadDays) ?? DefaultLeadDays;

    /// <summary>
    /// The lead-day reminder most recently reached on <paramref name="day"/>, or null when none is (too early, or
    /// already past due). A day the scan did not run is made good by the next run, which sends the latest reminder.
    /// </summary>
    public static int? ReachedLead(DateOnly due, DateOnly day, IReadOnlyList<int> leadDays, int lookAheadDays = 0)
    {
        var daysUntil = due.DayNumber - day.DayNumber;
        if (daysUntil < 0) return null;
        int? reached = null;
        foreach (var lead in leadDays)
        {
            if (lead >= daysUntil - lookAheadDays && (reached is null || lead < reached)) reached = lead;
        }

        return reached;
    }

    /// <summary>
    /// Milestone reminders due on <paramref name="today"/>. A person on the weekly digest gets them on Mondays only,
    /// covering every reminder reached by the coming Sunday, so even an on-the-day reminder is not missed.
    /// </summary>
    public static IEnumerable<ReminderDue> ForMilestone(
        Milestone milestone, int? signOffChairId, PartnershipSettings settings, DateOnly today,
        Func<int, bool> isCleared, Func<int, MilestoneDigestTiming> timing)
    {
        if (milestone.IsComplete) yield break;
        var leads = LeadDaysFor(milestone, settings);
        var due = milestone.DueDate;
        var stamp = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        if (milestone.OwnerId is { } owner && MayHear(milestone.IsRestricted, owner, isCleared)
            && LeadFor(owner) is { } lead)
        {
            yield return new ReminderDue(owner, ReminderItemType.Milestone, milestone.Id, ReminderKind.MilestoneDue,
                $"due-{stamp}-lead-{lead}", due, milestone.PartnershipId);
        }

        var last = leads[^1];
        if (signOffChairId is { } chair && chair != milestone.OwnerId && MayHear(milestone.IsRestricted, chair, isCleared)
            && LeadFor(chair) == last)
        {
            yield return new ReminderDue(chair, ReminderItemType.Milestone, milestone.Id, ReminderKind.SignOffCopy,
                $"due-{stamp}-signoff", due, milestone.PartnershipId);
        }

        int? LeadFor(int person)
        {
            if (timing(person) == MilestoneDigestTiming.Daily) return ReachedLead(due, today, leads);
            if (today.DayOfWeek != DayOfWeek.Monday) return null;
            // The smallest lead reached by Sunday stands for the week, so one Monday digest covers the whole week.
            return ReachedLead(due, today, leads, lookAheadDays: 6);
        }
    }

    /// <summary>
    /// Overdue notices for an action on <paramref name="today"/>: its lead on the first day overdue and every seventh
    /// day after; from <see cref="PartnershipSettings.OverdueEscalationDays"/> overdue, the overseeing board's chair
    /// too, weekly from that day. Overdue notices ignore digest timing: they cannot be put off.
    /// </summary>
    public static IEnumerable<ReminderDue> ForAction(
        Action action, int partnershipId, int? boardChairId, PartnershipSettings settings, DateOnly today, Func<int, bool> isCleared)
    {
        var days = action.DaysOverdueOn(today);
        if (days <= 0) yield break;
        var stamp = action.DueDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        if (action.LeadPersonId is { } lead && MayHear(action.IsRestricted, lead, isCleared))
        {
            yield return new ReminderDue(lead, ReminderItemType.Action, action.Id, ReminderKind.ActionOverdue,
                $"overdue-{stamp}-week-{(days - 1) / 7}", action.DueDate.Value, partnershipId);
        }

        var escalateAfter = Math.Max(1, settings.OverdueEscalationDays);
        if (days >= escalateAfter && boardChairId is { } chair && chair != action.LeadPersonId && MayHear(action.IsRestricted, chair, isCleared))
        {
            yield return new ReminderDue(chair, ReminderItemType.Action, action.Id, ReminderKind.OverdueEscalation,
                $"escalated-{stamp}-week-{(days - escalateAfter) / 7}", action.DueDate.Value, partnershipId);
        }
    }

    /// <summary>The reminders a milestone will send from today on, for a person's own page.</summary>
    public static IEnumerable<DateOnly> ComingReminderDays(Milestone milestone, PartnershipSettings settings, DateOnly today) =>
        milestone.IsComplete
            ? []
            : LeadDaysFor(milestone, settings).Select(l => milestone.DueDate.AddDays(-l)).Where(d => d >= today).Order();

    private static bool MayHear(bool restricted, int person, Func<int, bool> isCleared) => !restricted || isCleared(person);
}
