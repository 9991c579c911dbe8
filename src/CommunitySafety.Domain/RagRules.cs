namespace CommunitySafety.Domain;

/// <summary>What the RAG rules look at for one action: its state as it would be after the update being written.</summary>
public sealed record RagFacts(
    ActionStatus Status,
    int ProgressPercent,
    DateOnly? StartDate,
    DateOnly? DueDate,
    DateOnly? LastUpdatedOn,
    IReadOnlyList<DateOnly> OpenMilestoneDueDates)
{
    /// <summary>The facts of an action as stored; its milestones must be loaded.</summary>
    public static RagFacts Of(Action action) => new(
        action.Status,
        action.ProgressPercent,
        action.StartDate,
        action.DueDate,
        action.LastUpdatedAt is { } at ? DateOnly.FromDateTime(PartnershipClock.ToLondon(at)) : null,
        [.. action.Milestones.Where(m => !m.IsComplete).Select(m => m.DueDate)]);

    /// <summary>The facts once an update with this status and progress is posted today.</summary>
    public RagFacts AfterUpdate(ActionStatus status, int progressPercent, DateOnly today) =>
        this with { Status = status, ProgressPercent = progressPercent, LastUpdatedOn = today };
}

/// <summary>A suggested rating and, in plain words, why.</summary>
public sealed record RagSuggestion(RagRating Rating, IReadOnlyList<string> Reasons);

/// <summary>
/// Suggests a RAG rating from the action's dates, progress, milestones and last update, with the partnership's own
/// thresholds. The worst finding wins. Dates are London calendar days, so clock changes do not move a deadline.
/// </summary>
public static class RagRules
{
    public static RagSuggestion Suggest(Action action, DateOnly today, PartnershipSettings settings) =>
        Suggest(RagFacts.Of(action), today, settings);

    public static RagSuggestion Suggest(RagFacts facts, DateOnly today, PartnershipSettings settings)
    {
        switch (facts.Status)
        {
            case ActionStatus.Completed:
                return new(RagRating.Complete, ["The action is completed."]);
            case ActionStatus.Cancelled:
                // Nothing more will be delivered, so there is nothing to rate: grey, like an action not begun.
                return new(RagRating.NotStarted, ["The action is cancelled, so it is not rated."]);
            case ActionStatus.Deferred:
                // Paused by decision: the board should see it is not being delivered, but it is not failing either.
                return new(RagRating.Amber, ["The action is deferred, so it is not being delivered for now."]);
        }

        var overdue = facts.DueDate is { } due && due < today;
        var notYetStarted = facts.Status == ActionStatus.NotStarted && (facts.StartDate is null || facts.StartDate > today);
        if (notYetStarted && !overdue && !facts.OpenMilestoneDueDates.Any(d => d < today))
        {
            return new(RagRating.NotStarted, ["Not started yet, and not yet due to have started."]);
        }

        var rating = RagRating.Green;
        var reasons = new List<string>();
        void Find(RagRating r, string reason)
        {
            reasons.Add(reason);
            if (Severity(r) > Severity(rating)) rating = r;
        }

        if (overdue)
        {
            var days = today.DayNumber - facts.DueDate!.Value.DayNumber;
            if (facts.ProgressPercent >= 100)
                Find(RagRating.Amber, $"Due {Days(days)} ago and reported 100% done, but not marked completed.");
            else
                Find(RagRating.Red, $"Overdue by {Days(days)}.");
        }
        else if (facts.StartDate is { } start && facts.DueDate is { } end)
        {
            var expected = ExpectedProgress(start, end, today);
            var behind = expected - facts.ProgressPercent;
            if (behind >= settings.RedBehindSchedulePoints)
                Find(RagRating.Red, $"{facts.ProgressPercent}% done where {expected}% of the time has passed.");
            else if (behind >= settings.AmberBehindSchedulePoints)
                Find(RagRating.Amber, $"{facts.ProgressPercent}% done where {expected}% of the time has passed.");
        }

        if (facts.Status == ActionStatus.NotStarted && facts.StartDate is { } planned && planned < today && !overdue)
        {
            Find(RagRating.Amber, $"Due to start {Days(today.DayNumber - planned.DayNumber)} ago but not started.");
        }

        var lateMilestones = facts.OpenMilestoneDueDates.Where(d => d < today).ToList();
        if (lateMilestones.Count > 0)
        {
            var worst = today.DayNumber - lateMilestones.Min().DayNumber;
            Find(worst > settings.OverdueEscalationDays ? RagRating.Red : RagRating.Amber,
                $"{(lateMilestones.Count == 1 ? "A milestone is" : $"{lateMilestones.Count} milestones are")} overdue (the oldest by {Days(worst)}).");
        }

        var sinceUpdate = facts.LastUpdatedOn is { } last ? today.DayNumber - last.DayNumber : (int?)null;
        if (sinceUpdate is null || sinceUpdate > settings.StaleAfterDays)
        {
            Find(RagRating.Amber, sinceUpdate is null
                ? "It has never had a status update."
                : $"No update for {Days(sinceUpdate.Value)} (stale after {settings.StaleAfterDays}).");
        }

        if (facts.ProgressPercent >= 100 && !overdue)
        {
            reasons.Add("Reported 100% done: mark it completed when it is.");
        }

        if (reasons.Count == 0) reasons.Add("On track.");
        return new(rating, reasons);
    }

    /// <summary>The share of the time from start to due that has passed by the end of today, as a percentage.</summary>
    public static int ExpectedProgress(DateOnly start, DateOnly due, DateOnly today)
    {
        if (today < start) return 0;
        var length = due.DayNumber - start.DayNumber + 1;
        var elapsed = Math.Min(today.DayNumber - start.DayNumber + 1, length);
        return (int)Math.Round(100.0 * elapsed / length, MidpointRounding.AwayFromZero);
    }

    private static int Severity(RagRating r) => r switch
    {
        RagRating.Red => 3,
        RagRating.Amber => 2,
        RagRating.Green => 1,
        _ => 0,
    };

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";
}
