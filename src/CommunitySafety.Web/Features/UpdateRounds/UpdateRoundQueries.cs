using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.UpdateRounds;

public sealed record RoundSummary(int Id, string Board, DateTime MeetingStartsAt, DateOnly Deadline, bool IsClosed, RoundCompleteness Completeness)
{
    public string Title => UpdateRoundText.Title(Board, MeetingStartsAt);
}

public sealed record MeetingChoice(int Id, DateTime StartsAt, DateOnly DefaultDeadline, bool HasRound);

public sealed record BoardChoice(int Id, string Name, IReadOnlyList<MeetingChoice> Meetings);

public sealed record RoundActionChoice(int Id, string Reference, string Title, string? Lead, string? Deputy, int? BoardId, bool IsOpen, bool IsRestricted);

/// <summary>What the "open a round" form offers: each board's meetings still to come, and the actions to choose from.</summary>
public sealed record RoundSetup(IReadOnlyList<BoardChoice> Boards, IReadOnlyList<RoundActionChoice> Actions)
{
    /// <summary>The default for a board: the open actions it oversees.</summary>
    public IReadOnlyList<int> DefaultActions(int boardId) => Actions.Where(a => a.BoardId == boardId && a.IsOpen).Select(a => a.Id).ToList();
}

public sealed record TrackerAction(int Id, string Reference, string Title, bool Answered, DateTime? LastUpdatedAt, bool IsRestricted, IReadOnlyList<string> Owners);

public enum OwnerProgress
{
    NotYet,
    Partly,
    Answered,
}

public sealed record TrackerOwner(
    int PersonId, string Name, string? Organisation, string? Email, string EmailState, int LiveLinks,
    IReadOnlyList<TrackerAction> Actions)
{
    public int Answered => Actions.Count(a => a.Answered);

    public OwnerProgress Progress => Answered == 0 ? OwnerProgress.NotYet : Answered == Actions.Count ? OwnerProgress.Answered : OwnerProgress.Partly;
}

public sealed record TrackerOrganisation(string Name, int Owners, int OwnersAnswered, int OwnersNotYet, RoundCompleteness Actions);

public sealed record RoundTracker(
    int Id, string Board, DateTime MeetingStartsAt, DateOnly Deadline, DateTime OpenedAt, string OpenedBy, bool IsClosed, DateTime? ClosedAt,
    RoundCompleteness Completeness, IReadOnlyList<TrackerOwner> Owners, IReadOnlyList<TrackerOrganisation> Organisations,
    IReadOnlyList<TrackerAction> Actions, IReadOnlyList<UnreachableOwner> CannotBeReached, IReadOnlyList<RoundActionChoice> CanAdd)
{
    public string Title => UpdateRoundText.Title(Board, MeetingStartsAt);
}

public sealed record NotUpdatedAction(int Id, string Reference, string Title, string Owners, string? Organisation, bool IsRestricted);

/// <summary>A round as the board sees it in the meeting: how complete, and who has not reported.</summary>
public sealed record RoundForMeeting(int Id, string Board, DateTime MeetingStartsAt, RoundCompleteness Completeness, IReadOnlyList<NotUpdatedAction> NotUpdated)
{
    public string Title => UpdateRoundText.Title(Board, MeetingStartsAt);
}

/// <summary>
/// Reads for the rounds pages, the tracker, and the completeness line of the dashboard, meeting mode and board pack.
/// Restricted actions are counted and listed only for a viewer who may see them in that place.
/// </summary>
public sealed class UpdateRoundQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<RoundSetup> SetupAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return new RoundSetup([], []);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var boards = await db.Boards.AsNoTracking().Where(b => b.PartnershipId == partnershipId).OrderBy(b => b.Name)
            .Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.Board!.PartnershipId == partnershipId && m.StartsAt > now).OrderBy(m => m.StartsAt)
            .Select(m => new { m.Id, m.BoardId, m.StartsAt, HasRound = db.UpdateRounds.Any(r => r.MeetingId == m.Id && r.ClosedAt == null) })
            .ToListAsync(ct);
        var actions = await ActionQueries.Visible(db, partnershipId, actor).AsNoTracking()
            .OrderBy(a => a.Priority!.Strategy!.Status == StrategyStatus.Adopted ? 0 : 1).ThenBy(a => a.Priority!.Order).ThenBy(a => a.Reference)
            .Select(a => new RoundActionChoice(a.Id, a.Reference, a.Title, a.LeadPerson!.Name, a.DeputyPerson!.Name, a.BoardId,
                a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress, a.IsRestricted))
            .ToListAsync(ct);
        return new RoundSetup(
            boards.Select(b => new BoardChoice(b.Id, b.Name, meetings.Where(m => m.BoardId == b.Id)
                .Select(m => new MeetingChoice(m.Id, m.StartsAt, UpdateRoundRules.DefaultDeadline(m.StartsAt), m.HasRound)).ToList()))
                .Where(b => b.Meetings.Count > 0).ToList(),
            actions);
    }

    public async Task<IReadOnlyList<RoundSummary>> ListAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return [];
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rounds = await db.UpdateRounds.AsNoTracking().Where(r => r.PartnershipId == partnershipId)
            .Select(r => new
            {
                r.Id, Board = r.Board!.Name, r.Meeting!.StartsAt, r.Deadline, r.ClosedAt, r.OpenedAt,
                Updates = r.Actions.Where(x => actor.IsCleared || !x.Action!.IsRestricted).Select(x => x.Action!.LastUpdatedAt).ToList(),
            })
            .ToListAsync(ct);
        return rounds
            .Select(r => new RoundSummary(r.Id, r.Board, r.StartsAt, r.Deadline, r.ClosedAt is not null || now >= r.StartsAt, UpdateRoundRules.Completeness(r.Updates, r.OpenedAt)))
            .OrderBy(r => r.IsClosed).ThenBy(r => r.IsClosed ? -r.MeetingStartsAt.Ticks : r.MeetingStartsAt.Ticks)
            .ToList();
    }

    public async Task<RoundTracker?> TrackerAsync(int partnershipId, int roundId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanEditStrategy(partnershipId)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var round = await db.UpdateRounds.AsNoTracking().Include(r => r.Board).Include(r => r.Meeting)
            .SingleOrDefaultAsync(r => r.Id == roundId && r.PartnershipId == partnershipId, ct);
        if (round is null) return null;

        var actions = await ActionQueries.Visible(db, partnershipId, actor).AsNoTracking()
            .Where(a => db.UpdateRoundActions.Any(x => x.UpdateRoundId == roundId && x.ActionId == a.Id))
            .Include(a => a.Priority).Include(a => a.LeadPerson).ThenInclude(p => p!.Organisation)
            .Include(a => a.DeputyPerson).ThenInclude(p => p!.Organisation)
            .ToListAsync(ct);
        actions = [.. actions.OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)];
        var cleared = (await ReminderScanner.ClearedPeopleAsync(db, ct)).ToHashSet();
        var people = actions.SelectMany(a => new[] { a.LeadPerson, a.DeputyPerson }).OfType<Person>().DistinctBy(p => p.Id).ToDictionary(p => p.Id);
        var audience = UpdateRoundRules.WhoIsAsked(actions, id => people.TryGetValue(id, out var p) ? new RoundPerson(p.Id, p.Name, p.Email, cleared.Contains(p.Id)) : null);

        var rows = actions.ToDictionary(a => a.Id, a => new TrackerAction(a.Id, a.Reference, a.Title, UpdateRoundRules.IsAnswered(a.LastUpdatedAt, round.OpenedAt),
            a.LastUpdatedAt, a.IsRestricted, a.Owners().Select(o => people[o].Name).ToList()));
        var emails = await db.ReminderNotices.AsNoTracking()
            .Where(n => n.ItemType == ReminderItemType.UpdateRound && n.ItemId == roundId && n.Kind != ReminderKind.RoundNotAnswered)
            .Select(n => new { n.RecipientPersonId, n.Status, n.SentAt, n.CreatedAt, n.Kind })
            .ToListAsync(ct);
        var liveLinks = await db.UpdateRoundLinks.Where(l => l.UpdateRoundId == roundId && l.RevokedAt == null)
            .GroupBy(l => l.PersonId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var owners = audience.ActionsByOwner
            .Select(kv => people[kv.Key])
            .OrderBy(p => p.Name)
            .Select(p => new TrackerOwner(p.Id, p.Name, p.Organisation?.Name, p.Email,
                EmailState(emails.Where(e => e.RecipientPersonId == p.Id).OrderByDescending(e => e.CreatedAt).Select(e => (e.Status, e.SentAt, e.Kind)).ToList()),
                liveLinks.GetValueOrDefault(p.Id), audience.ActionsByOwner[p.Id].Select(a => rows[a]).ToList()))
            .ToList();
        var organisations = owners.GroupBy(o => o.Organisation ?? "No organisation").OrderBy(g => g.Key)
            .Select(g =>
            {
                var mine = g.SelectMany(o => o.Actions).DistinctBy(a => a.Id).ToList();
                return new TrackerOrganisation(g.Key, g.Count(), g.Count(o => o.Progress == OwnerProgress.Answered), g.Count(o => o.Progress == OwnerProgress.NotYet),
                    new RoundCompleteness(mine.Count(a => a.Answered), mine.Count));
            })
            .ToList();
        var cannot = audience.CannotAsk.Select(c => new UnreachableOwner(c.PersonId, c.PersonId is { } id ? people[id].Name : "Nobody",
            rows[c.ActionId].Reference, UpdateRoundText.Why(c.Reason))).ToList();
        var inRound = actions.Select(a => a.Id).ToHashSet();
        var canAdd = await ActionQueries.Visible(db, partnershipId, actor).AsNoTracking()
            .Where(a => (a.Status == ActionStatus.NotStarted || a.Status == ActionStatus.InProgress) && !inRound.Contains(a.Id))
            .OrderBy(a => a.BoardId == round.BoardId ? 0 : 1).ThenBy(a => a.Reference)
            .Select(a => new RoundActionChoice(a.Id, a.Reference, a.Title, a.LeadPerson!.Name, a.DeputyPerson!.Name, a.BoardId, true, a.IsRestricted))
            .ToListAsync(ct);
        return new RoundTracker(round.Id, round.Board!.Name, round.Meeting!.StartsAt, round.Deadline, round.OpenedAt, round.OpenedByName,
            round.IsClosedAt(now, round.Meeting.StartsAt), round.ClosedAt,
            UpdateRoundRules.Completeness(actions.Select(a => a.LastUpdatedAt), round.OpenedAt),
            owners, organisations, [.. rows.Values], cannot, canAdd);
    }

    /// <summary>
    /// The rounds for the meetings a board view looks towards: for each board (or the one filtered), the round of its
    /// next meeting from today on. <paramref name="includeRestricted"/> is the caller's to decide: the dashboard for
    /// a cleared viewer, meeting mode and the board pack only in their private part.
    /// </summary>
    public async Task<IReadOnlyList<RoundForMeeting>> ForMeetingsAsync(int partnershipId, Actor actor, int? boardId, bool includeRestricted, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return [];
        var fromUtc = PartnershipClock.StartOfDayUtc(time.Today());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rounds = await db.UpdateRounds.AsNoTracking()
            .Where(r => r.PartnershipId == partnershipId && r.Meeting!.StartsAt >= fromUtc && (boardId == null || r.BoardId == boardId))
            .Select(r => new { r.Id, r.BoardId, Board = r.Board!.Name, r.Meeting!.StartsAt, r.OpenedAt })
            .ToListAsync(ct);
        if (rounds.Count == 0) return [];
        var next = rounds.GroupBy(r => r.BoardId).Select(g => g.OrderBy(r => r.StartsAt).First()).OrderBy(r => r.StartsAt).ToList();
        var ids = next.Select(r => r.Id).ToList();
        var visible = includeRestricted && actor.IsCleared;
        var actions = await db.UpdateRoundActions.AsNoTracking()
            .Where(x => ids.Contains(x.UpdateRoundId) && (visible || !x.Action!.IsRestricted))
            .OrderBy(x => x.Action!.Reference)
            .Select(x => new
            {
                x.UpdateRoundId, x.ActionId, x.Action!.Reference, x.Action.Title, x.Action.LastUpdatedAt, x.Action.IsRestricted,
                Lead = x.Action.LeadPerson!.Name, Deputy = x.Action.DeputyPerson!.Name, Organisation = x.Action.LeadOrganisation!.Name,
            })
            .ToListAsync(ct);
        return next.Select(r =>
        {
            var mine = actions.Where(a => a.UpdateRoundId == r.Id).ToList();
            var notUpdated = mine.Where(a => !UpdateRoundRules.IsAnswered(a.LastUpdatedAt, r.OpenedAt))
                .Select(a => new NotUpdatedAction(a.ActionId, a.Reference, a.Title,
                    string.Join(" and ", new[] { a.Lead, a.Deputy }.OfType<string>().Distinct()) is { Length: > 0 } who ? who : "no owner named",
                    a.Organisation, a.IsRestricted))
                .ToList();
            return new RoundForMeeting(r.Id, r.Board, r.StartsAt, UpdateRoundRules.Completeness(mine.Select(a => a.LastUpdatedAt), r.OpenedAt), notUpdated);
        }).ToList();
    }

    private static string EmailState(List<(ReminderStatus Status, DateTime? SentAt, ReminderKind Kind)> emails)
    {
        if (emails.Count == 0) return "Not emailed yet";
        var latest = emails[0];
        var what = latest.Kind == ReminderKind.RoundChaser ? "Reminder" : "Email";
        return latest.Status switch
        {
            ReminderStatus.Sent => $"{what} sent {Components.Shared.UkCulture.Time(latest.SentAt!.Value)}",
            ReminderStatus.Pending => $"{what} waiting to go",
            ReminderStatus.PossiblySent => $"{what} possibly sent: see the reminder outbox",
            ReminderStatus.Failed => $"{what} failed: see the reminder outbox",
            _ => emails.Skip(1).Any() ? EmailState(emails.Skip(1).ToList()) : "Not emailed",
        };
    }
}
