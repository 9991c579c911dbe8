using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>What a coordinator asks for when opening a round.</summary>
public sealed record RoundRequest(int BoardId, int MeetingId, DateOnly Deadline, IReadOnlyList<int> ActionIds, bool WillContactUnreachable = false);

public sealed record AskedOwner(int PersonId, string Name, string? Organisation, string Email, IReadOnlyList<string> Actions);

public sealed record UnreachableOwner(int? PersonId, string Who, string Action, string Why);

/// <summary>Who a round would ask, whom it cannot reach, and what stops it being opened: shown before anything is sent.</summary>
public sealed record RoundPreview(IReadOnlyList<AskedOwner> Asked, IReadOnlyList<UnreachableOwner> CannotBeReached, IReadOnlyList<string> Problems)
{
    public bool CanOpen(bool willContactUnreachable) => Problems.Count == 0 && (CannotBeReached.Count == 0 || willContactUnreachable);
}

public sealed record RoundOpened(int? RoundId, RoundPreview Preview, string? Message);

/// <summary>The outcome of a change on the tracker: done or not, in words for the coordinator.</summary>
public sealed record RoundChange(bool Done, string Message);

/// <summary>
/// A coordinator's work on update rounds: opening one (after seeing who will be asked), and on its tracker resending
/// to an owner, withdrawing an owner's links, adding a late action, extending the deadline, closing it. Every email
/// is a row in the reminder ledger, written in the same transaction as the change that calls for it, so nothing is
/// half done and each goes once; the sweep sends them. The audit log names the coordinator "(update round)".
/// </summary>
public sealed class UpdateRoundService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ReminderSweepSignal sweep)
{
    public async Task<RoundPreview> PreviewAsync(int partnershipId, RoundRequest request, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await PrepareAsync(db, partnershipId, request, actor, ct)).Preview;
    }

    public async Task<RoundOpened> OpenAsync(int partnershipId, RoundRequest request, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        var (preview, actions) = await PrepareAsync(db, partnershipId, request, actor, ct);
        if (!preview.CanOpen(request.WillContactUnreachable))
        {
            var message = preview.Problems.Count > 0
                ? string.Join(" ", preview.Problems)
                : $"{Owners(preview.CannotBeReached.Count)} cannot be reached by email: {string.Join("; ", preview.CannotBeReached.Select(u => $"{u.Who} ({u.Action}) {u.Why}"))}. " +
                  "Remove those actions, or confirm that you will ask them yourself. Nothing has been sent.";
            return new RoundOpened(null, preview, message);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var round = new UpdateRound
        {
            PartnershipId = partnershipId, BoardId = request.BoardId, MeetingId = request.MeetingId, Deadline = request.Deadline,
            OpenedAt = now, OpenedByUserId = actor.UserId, OpenedByName = actor.Name,
            OpenedByPersonId = actor.PersonId is { } me && await db.People.AnyAsync(p => p.Id == me && p.PartnershipId == partnershipId, ct) ? me : null,
            Actions = actions.Select(a => new UpdateRoundAction { ActionId = a.Id, AddedAt = now }).ToList(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.UpdateRounds.Add(round);
        await db.SaveChangesAsync(ct);
        foreach (var owner in preview.Asked) db.ReminderNotices.Add(Notice(round, owner.PersonId, UpdateRoundRules.RequestOccasion, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        sweep.Nudge();
        return new RoundOpened(round.Id, preview, $"The round is open: {Owners(preview.Asked.Count)} will be emailed now.");
    }

    /// <summary>A fresh email to one owner, with a new link; the links in their earlier emails keep working.</summary>
    public async Task<RoundChange> ResendAsync(int partnershipId, int roundId, int personId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        if (await OpenRoundAsync(db, partnershipId, roundId, actor, ct) is not { } round) return NotOpen;
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId && p.PartnershipId == partnershipId, ct);
        if (person is null || (await UpdateRoundAccess.ActionsForAsync(db, roundId, personId, ct)).Count == 0)
            return new RoundChange(false, "That person has no actions in this round. Nothing was sent.");
        if (!new RoundPerson(person.Id, person.Name, person.Email, false).HasEmail)
            return new RoundChange(false, $"{person.Name} has no email address. Add one on the partners page, then resend.");
        var now = time.GetUtcNow().UtcDateTime;
        db.ReminderNotices.Add(Notice(round, personId, UpdateRoundRules.ResendOccasion(now), now));
        await db.SaveChangesAsync(ct);
        sweep.Nudge();
        return new RoundChange(true, $"A new email with a new link is on its way to {person.Name}. The links in earlier emails still work.");
    }

    /// <summary>Withdraws every link this owner has for the round: they stop working at once. A resend brings a new one.</summary>
    public async Task<RoundChange> RevokeLinksAsync(int partnershipId, int roundId, int personId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        if (!actor.CanEditStrategy(partnershipId)) return NotOpen;
        var links = await db.UpdateRoundLinks
            .Where(l => l.UpdateRoundId == roundId && l.PersonId == personId && l.RevokedAt == null && l.UpdateRound!.PartnershipId == partnershipId)
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var link in links) link.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        return new RoundChange(links.Count > 0, links.Count == 0 ? "That person has no working link in this round." : $"{Links(links.Count)} withdrawn: they no longer open the round page.");
    }

    /// <summary>Puts one more action in an open round and asks its owners about it.</summary>
    public async Task<RoundChange> AddActionAsync(int partnershipId, int roundId, int actionId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        if (await OpenRoundAsync(db, partnershipId, roundId, actor, ct) is not { } round) return NotOpen;
        var action = await ActionQueries.Visible(db, partnershipId, actor).AsNoTracking()
            .Include(a => a.LeadPerson).Include(a => a.DeputyPerson).SingleOrDefaultAsync(a => a.Id == actionId, ct);
        if (action is null) return new RoundChange(false, "Choose an action of this partnership.");
        if (await db.UpdateRoundActions.AnyAsync(x => x.UpdateRoundId == roundId && x.ActionId == actionId, ct))
            return new RoundChange(false, $"{action.Reference} is already in this round.");

        var now = time.GetUtcNow().UtcDateTime;
        var audience = UpdateRoundRules.WhoIsAsked([action], await PeopleAsync(db, [action], ct));
        var asked = await db.ReminderNotices.Where(n => n.ItemType == ReminderItemType.UpdateRound && n.ItemId == roundId && n.Kind == ReminderKind.RoundRequest
                                                       && n.Occasion == UpdateRoundRules.RequestOccasion)
            .Select(n => n.RecipientPersonId).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.UpdateRoundActions.Add(new UpdateRoundAction { UpdateRoundId = roundId, ActionId = actionId, AddedAt = now });
        foreach (var owner in audience.ActionsByOwner.Keys)
        {
            db.ReminderNotices.Add(Notice(round, owner, asked.Contains(owner) ? UpdateRoundRules.LateActionOccasion(actionId) : UpdateRoundRules.RequestOccasion, now));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        sweep.Nudge();
        var unreachable = audience.CannotAsk.Select(c => c.PersonId is null
            ? $"nobody to ask: {UpdateRoundText.Why(c.Reason)}"
            : $"{(c.PersonId == action.LeadPersonId ? action.LeadPerson?.Name : action.DeputyPerson?.Name)} {UpdateRoundText.Why(c.Reason)}").ToList();
        return new RoundChange(true, $"{action.Reference} added; {Owners(audience.ActionsByOwner.Count)} will be emailed about it." +
                                     (unreachable.Count > 0 ? $" Cannot be reached: {string.Join("; ", unreachable)}." : ""));
    }

    /// <summary>A later deadline, still before the meeting: the chasers then go on the new dates.</summary>
    public async Task<RoundChange> ExtendDeadlineAsync(int partnershipId, int roundId, DateOnly deadline, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        if (await OpenRoundAsync(db, partnershipId, roundId, actor, ct) is not { } round) return NotOpen;
        if (deadline <= round.Deadline) return new RoundChange(false, $"Choose a date after the present deadline, {Components.Shared.UkCulture.LongDate(round.Deadline)}.");
        var problems = UpdateRoundRules.Problems(deadline, round.Meeting!.StartsAt, time.GetUtcNow().UtcDateTime, actionCount: 1);
        if (problems.Count > 0) return new RoundChange(false, string.Join(" ", problems));
        round.Deadline = deadline;
        round.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return new RoundChange(true, $"The deadline is now {Components.Shared.UkCulture.LongDate(deadline)}; reminders follow the new date.");
    }

    /// <summary>Closes the round before its meeting: its links stop working and nobody more is chased.</summary>
    public async Task<RoundChange> CloseAsync(int partnershipId, int roundId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Author = UpdateRoundAccess.Author(actor);
        if (await OpenRoundAsync(db, partnershipId, roundId, actor, ct) is not { } round) return NotOpen;
        round.ClosedAt = time.GetUtcNow().UtcDateTime;
        round.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return new RoundChange(true, "The round is closed: its links no longer work and no more reminders go.");
    }

    private static readonly RoundChange NotOpen = new(false, "That round is closed, or is not one you may change.");

    private async Task<UpdateRound?> OpenRoundAsync(AppDbContext db, int partnershipId, int roundId, Actor actor, CancellationToken ct)
    {
        if (!actor.CanEditStrategy(partnershipId)) return null;
        var round = await db.UpdateRounds.Include(r => r.Meeting).SingleOrDefaultAsync(r => r.Id == roundId && r.PartnershipId == partnershipId, ct);
        return round is null || round.IsClosedAt(time.GetUtcNow().UtcDateTime, round.Meeting!.StartsAt) ? null : round;
    }

    private async Task<(RoundPreview Preview, List<Action> Actions)> PrepareAsync(AppDbContext db, int partnershipId, RoundRequest request, Actor actor, CancellationToken ct)
    {
        var problems = new List<string>();
        if (!actor.CanEditStrategy(partnershipId)) return (new RoundPreview([], [], ["Only the partnership's coordinators may open an update round."]), []);
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == request.MeetingId && m.BoardId == request.BoardId && m.Board!.PartnershipId == partnershipId, ct);
        var ids = request.ActionIds.Distinct().ToList();
        var actions = await ActionQueries.Visible(db, partnershipId, actor).AsNoTracking()
            .Where(a => ids.Contains(a.Id)).Include(a => a.Priority).Include(a => a.LeadPerson).Include(a => a.DeputyPerson)
            .ToListAsync(ct);
        if (actions.Count < ids.Count) problems.Add("Some of the chosen actions no longer exist or are not yours to see: reload the page.");
        if (meeting is null) problems.Add("Choose a meeting of the board.");
        else
        {
            problems.AddRange(UpdateRoundRules.Problems(request.Deadline, meeting.StartsAt, time.GetUtcNow().UtcDateTime, actions.Count));
            if (await db.UpdateRounds.AnyAsync(r => r.MeetingId == meeting.Id && r.ClosedAt == null, ct))
                problems.Add("That meeting already has an update round: add actions to it on its page.");
        }

        var people = await PeopleAsync(db, actions, ct);
        var audience = UpdateRoundRules.WhoIsAsked(actions, people);
        var byId = actions.ToDictionary(a => a.Id);
        var organisations = await db.People.AsNoTracking().Where(p => audience.ActionsByOwner.Keys.Contains(p.Id))
            .Select(p => new { p.Id, Organisation = p.Organisation!.Name }).ToDictionaryAsync(p => p.Id, p => p.Organisation, ct);
        var asked = audience.ActionsByOwner
            .Select(kv => (Person: people(kv.Key)!, Actions: kv.Value))
            .OrderBy(x => x.Person.Name)
            .Select(x => new AskedOwner(x.Person.Id, x.Person.Name, organisations.GetValueOrDefault(x.Person.Id), x.Person.Email!,
                x.Actions.Select(a => $"{byId[a].Reference} {byId[a].Title}").ToList()))
            .ToList();
        var cannot = audience.CannotAsk
            .Select(c => new UnreachableOwner(c.PersonId, c.PersonId is { } id ? people(id)?.Name ?? "Someone" : "Nobody", byId[c.ActionId].Reference, UpdateRoundText.Why(c.Reason)))
            .ToList();
        return (new RoundPreview(asked, cannot, problems), actions.OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference).ToList());
    }

    private static async Task<Func<int, RoundPerson?>> PeopleAsync(AppDbContext db, IReadOnlyList<Action> actions, CancellationToken ct)
    {
        var ids = actions.SelectMany(a => a.Owners()).Distinct().ToList();
        var cleared = (await ReminderScanner.ClearedPeopleAsync(db, ct)).ToHashSet();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.Email }).ToListAsync(ct);
        var map = people.ToDictionary(p => p.Id, p => new RoundPerson(p.Id, p.Name, p.Email, cleared.Contains(p.Id)));
        return id => map.GetValueOrDefault(id);
    }

    private ReminderNotice Notice(UpdateRound round, int personId, string occasion, DateTime now) => new()
    {
        PartnershipId = round.PartnershipId, RecipientPersonId = personId, ItemType = ReminderItemType.UpdateRound, ItemId = round.Id,
        Kind = ReminderKind.RoundRequest, Occasion = occasion, DueDate = round.Deadline, ScanDate = time.Today(), CreatedAt = now,
        NextAttemptAt = now, Status = ReminderStatus.Pending,
    };

    private static string Owners(int count) => count == 1 ? "1 owner" : $"{count} owners";

    private static string Links(int count) => count == 1 ? "1 link" : $"{count} links";
}
