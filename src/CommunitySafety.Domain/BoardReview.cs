namespace CommunitySafety.Domain;

/// <summary>How the board reads ratings when it asks "better or worse": Complete beats Green beats Amber beats Red.</summary>
public static class RagDirection
{
    /// <summary>
    /// "Not started" sits level with Amber: neither a concern nor progress, so a move between the two is no change
    /// worth a board's time, while Not started to Red is a worsening and Not started to Green an improvement.
    /// </summary>
    public static int Rank(this RagRating rating) => rating switch
    {
        RagRating.Red => 0,
        RagRating.Amber or RagRating.NotStarted => 1,
        RagRating.Green => 2,
        _ => 3,
    };
}

/// <summary>What the review needs to know of an action: its rating then (latest update at or before the date) and now.</summary>
public sealed record ActionSince(
    int Id,
    DateTime CreatedAt,
    RagRating? RagThen,
    RagRating RagNow,
    ActionStatus Status,
    DateOnly? DueDate,
    DateOnly? CompletedOn);

public sealed record SinceChanges(
    IReadOnlyList<ActionSince> RagUp,
    IReadOnlyList<ActionSince> RagDown,
    IReadOnlyList<ActionSince> Completed,
    IReadOnlyList<ActionSince> Added,
    IReadOnlyList<ActionSince> BecameOverdue);

/// <summary>"Since the last meeting": what moved between a meeting (or any instant) and today.</summary>
public static class SinceLastMeeting
{
    public static SinceChanges Compare(IEnumerable<ActionSince> actions, DateTime sinceUtc, DateTime nowUtc)
    {
        var sinceDay = DateOnly.FromDateTime(PartnershipClock.ToLondon(sinceUtc));
        var today = DateOnly.FromDateTime(PartnershipClock.ToLondon(nowUtc));
        var up = new List<ActionSince>();
        var down = new List<ActionSince>();
        var completed = new List<ActionSince>();
        var added = new List<ActionSince>();
        var overdue = new List<ActionSince>();
        foreach (var a in actions)
        {
            // A record dated after now (an imported action "created" on its future start date) was already planned.
            if (a.CreatedAt > sinceUtc && a.CreatedAt <= nowUtc)
            {
                // A new action has no "before" to compare with; it is news in itself.
                added.Add(a);
                continue;
            }

            var wasCompleted = a.Status == ActionStatus.Completed && a.CompletedOn is { } done && done >= sinceDay;
            if (wasCompleted) completed.Add(a);

            // An action with no update by then still had the rating every action starts with.
            var then = (a.RagThen ?? RagRating.NotStarted).Rank();
            var now = a.RagNow.Rank();
            if (now > then && !wasCompleted) up.Add(a);
            else if (now < then) down.Add(a);

            var isOpen = a.Status is ActionStatus.NotStarted or ActionStatus.InProgress;
            if (isOpen && a.DueDate is { } due && due >= sinceDay && due < today) overdue.Add(a);
        }

        return new SinceChanges(up, down, completed, added, overdue);
    }
}

/// <summary>Milestone horizons a board looks ahead over.</summary>
public static class MilestoneHorizon
{
    public static readonly int[] Days = [30, 60, 90];

    /// <summary>The smallest horizon (30, 60 or 90 days) a due date falls in; 0 when overdue; null beyond 90 days.</summary>
    public static int? For(DateOnly due, DateOnly today)
    {
        if (due < today) return 0;
        var days = due.DayNumber - today.DayNumber;
        foreach (var horizon in Days)
        {
            if (days <= horizon) return horizon;
        }

        return null;
    }
}
