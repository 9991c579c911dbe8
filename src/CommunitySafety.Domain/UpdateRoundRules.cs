using System.Globalization;

namespace CommunitySafety.Domain;

/// <summary>What the round rules need to know of a person who may be asked.</summary>
public sealed record RoundPerson(int Id, string Name, string? Email, bool IsCleared)
{
    public bool HasEmail => !string.IsNullOrWhiteSpace(Email) && Email.Contains('@', StringComparison.Ordinal) && !Email.Any(char.IsWhiteSpace);
}

public enum CannotAskReason
{
    /// <summary>The action names neither a lead nor a deputy.</summary>
    NoOwner,

    NoEmail,

    /// <summary>A restricted action, and its owner is not cleared for exempt items.</summary>
    NotCleared,
}

public sealed record CannotAsk(int ActionId, int? PersonId, CannotAskReason Reason);

/// <summary>Who a round asks about which actions, and whom it cannot reach.</summary>
public sealed record RoundAudience(IReadOnlyDictionary<int, IReadOnlyList<int>> ActionsByOwner, IReadOnlyList<CannotAsk> CannotAsk)
{
    /// <summary>Actions nobody will be asked about.</summary>
    public IReadOnlyList<int> Unasked(IEnumerable<int> actionIds) =>
        actionIds.Where(a => !ActionsByOwner.Values.Any(list => list.Contains(a))).ToList();
}

/// <summary>"Updated for this meeting: 21 of 24 actions (88%)".</summary>
public sealed record RoundCompleteness(int Updated, int Total)
{
    public int Percent => Total == 0 ? 0 : (int)Math.Round(100.0 * Updated / Total, MidpointRounding.AwayFromZero);

    public string Text => $"Updated for this meeting: {Updated} of {Total} {(Total == 1 ? "action" : "actions")} ({Percent}%)";
}

/// <summary>
/// The rules of an update round, free of storage and clock: who is asked, the deadline and the chasers on the
/// partnership's calendar (Europe/London), when the round closes, and how complete it is.
/// </summary>
public static class UpdateRoundRules
{
    public const int DefaultDaysBeforeMeeting = 7;

    /// <summary>The chasers: 3 days before the deadline, and on it.</summary>
    public const int EarlyChaserDays = 3;

    /// <summary>The meeting's day on the partnership's calendar, whatever UTC date it starts on.</summary>
    public static DateOnly MeetingDay(DateTime meetingStartsAtUtc) => DateOnly.FromDateTime(PartnershipClock.ToLondon(meetingStartsAtUtc));

    public static DateOnly DefaultDeadline(DateTime meetingStartsAtUtc) => MeetingDay(meetingStartsAtUtc).AddDays(-DefaultDaysBeforeMeeting);

    /// <summary>What is wrong with a round as asked for; empty when it may be opened.</summary>
    public static IReadOnlyList<string> Problems(DateOnly deadline, DateTime meetingStartsAtUtc, DateTime nowUtc, int actionCount)
    {
        var problems = new List<string>();
        var today = DateOnly.FromDateTime(PartnershipClock.ToLondon(nowUtc));
        var meetingDay = MeetingDay(meetingStartsAtUtc);
        if (meetingStartsAtUtc <= nowUtc) problems.Add("That meeting has already started: choose a meeting still to come.");
        else if (deadline >= meetingDay) problems.Add($"The deadline must be before the meeting on {LongDate(meetingDay)}, so the answers are in for it.");
        if (deadline < today) problems.Add("The deadline cannot be in the past.");
        if (actionCount == 0) problems.Add("Put at least one action in the round.");
        return problems;
    }

    /// <summary>
    /// One request per owner (an action's lead and its deputy), listing every action of theirs in the round. A
    /// restricted action is asked about only of an owner cleared for it; an owner with no email address cannot be
    /// reached; an action with neither lead nor deputy has nobody to ask.
    /// </summary>
    public static RoundAudience WhoIsAsked(IEnumerable<Action> actions, Func<int, RoundPerson?> person)
    {
        var byOwner = new Dictionary<int, List<int>>();
        var cannot = new List<CannotAsk>();
        foreach (var action in actions)
        {
            var owners = action.Owners().ToList();
            if (owners.Count == 0) cannot.Add(new CannotAsk(action.Id, null, CannotAskReason.NoOwner));
            foreach (var id in owners)
            {
                if (person(id) is not { } owner) continue;
                if (action.IsRestricted && !owner.IsCleared) cannot.Add(new CannotAsk(action.Id, id, CannotAskReason.NotCleared));
                else if (!owner.HasEmail) cannot.Add(new CannotAsk(action.Id, id, CannotAskReason.NoEmail));
                else (byOwner.TryGetValue(id, out var list) ? list : byOwner[id] = []).Add(action.Id);
            }
        }

        return new RoundAudience(byOwner.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value), cannot);
    }

    /// <summary>
    /// May this person answer for this action, now? Its lead or deputy now, and cleared now if it is restricted. The
    /// owner's page and every email ask this at each use, so a change of lead or of clearance takes effect at once.
    /// </summary>
    public static bool MayAnswer(Action action, int personId, bool clearedNow) =>
        action.IsLedBy(personId) && (!action.IsRestricted || clearedNow);

    /// <summary>An action is answered for the round once it has a status update from the round's opening on.</summary>
    public static bool IsAnswered(DateTime? lastUpdatedAtUtc, DateTime roundOpenedAtUtc) => lastUpdatedAtUtc >= roundOpenedAtUtc;

    public static RoundCompleteness Completeness(IEnumerable<DateTime?> lastUpdates, DateTime roundOpenedAtUtc)
    {
        var list = lastUpdates.ToList();
        return new RoundCompleteness(list.Count(u => IsAnswered(u, roundOpenedAtUtc)), list.Count);
    }

    /// <summary>The days chasers go: 3 days before the deadline, and the deadline itself.</summary>
    public static IReadOnlyList<DateOnly> ChaserDays(DateOnly deadline) => [deadline.AddDays(-EarlyChaserDays), deadline];

    /// <summary>The ledger occasion of the first request to an owner.</summary>
    public const string RequestOccasion = "round-request";

    public static string LateActionOccasion(int actionId) => $"round-added-{actionId}";

    public static string ResendOccasion(DateTime nowUtc) => $"round-resend-{nowUtc:yyyyMMddHHmmssfff}";

    /// <summary>
    /// The chasers and the "not answered" list due on <paramref name="today"/> (London) for an open round. A chaser day
    /// on or before the day the round opened is skipped, as the request has only just gone; the early chaser missed
    /// on its day (the app was down) goes the next day while the deadline is still ahead; the list goes to the
    /// coordinator and the chair once the deadline has passed, until the meeting. Occasions carry the deadline, so
    /// when it is extended the chasers follow the new date.
    /// </summary>
    public static IEnumerable<ReminderDue> RemindersDue(
        UpdateRound round, DateTime meetingStartsAtUtc, DateOnly today, DateTime nowUtc,
        IReadOnlyCollection<int> ownersNotAnswered, IReadOnlyCollection<int> toldOfNonReporters)
    {
        if (round.IsClosedAt(nowUtc, meetingStartsAtUtc)) yield break;
        var openedOn = DateOnly.FromDateTime(PartnershipClock.ToLondon(round.OpenedAt));
        var stamp = round.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var early = round.Deadline.AddDays(-EarlyChaserDays);
        string? chaser = null;
        if (today == round.Deadline && round.Deadline > openedOn) chaser = $"round-chase-{stamp}-deadline";
        else if (today >= early && today < round.Deadline && early > openedOn) chaser = $"round-chase-{stamp}-early";
        if (chaser is not null)
        {
            foreach (var owner in ownersNotAnswered)
            {
                yield return new ReminderDue(owner, ReminderItemType.UpdateRound, round.Id, ReminderKind.RoundChaser, chaser, round.Deadline, round.PartnershipId);
            }
        }

        if (today > round.Deadline && ownersNotAnswered.Count > 0)
        {
            foreach (var person in toldOfNonReporters.Distinct())
            {
                yield return new ReminderDue(person, ReminderItemType.UpdateRound, round.Id, ReminderKind.RoundNotAnswered,
                    $"round-not-answered-{stamp}", round.Deadline, round.PartnershipId);
            }
        }
    }

    private static string LongDate(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
