using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>
/// The one place that says which of a round's actions a person may see and answer for, asked afresh at every use
/// (opening the page, each answer, each email): their lead or deputy now, and cleared now for a restricted one.
/// </summary>
public static class UpdateRoundAccess
{
    /// <summary>Whether the person's account carries the cleared claim now. Someone without an account is never cleared.</summary>
    public static async Task<bool> IsClearedNowAsync(AppDbContext db, int personId, CancellationToken ct) =>
        (await ReminderScanner.ClearedPeopleAsync(db, ct)).Contains(personId);

    /// <summary>
    /// The round's actions this person may answer for now, in plan order, with what the owner's page shows. With a
    /// viewer (the page behind the link), a restricted action is theirs only when the browser is signed in as that
    /// person's own cleared account, as for every emailed link (<see cref="LinkAccess"/>): a forwarded email shows
    /// nothing restricted. Without one (the email to the person's own address), clearance now decides.
    /// </summary>
    public static async Task<List<Action>> ActionsForAsync(AppDbContext db, int roundId, int personId, CancellationToken ct, Actor? viewer = null, bool throughLink = false)
    {
        var cleared = throughLink ? await SignedInAsClearedAsync(db, personId, viewer, ct) : await IsClearedNowAsync(db, personId, ct);
        var actions = await db.Actions.AsNoTracking()
            .Where(a => db.UpdateRoundActions.Any(x => x.UpdateRoundId == roundId && x.ActionId == a.Id))
            .Where(a => a.LeadPersonId == personId || a.DeputyPersonId == personId)
            .Include(a => a.Priority).Include(a => a.Board).Include(a => a.Milestones)
            .AsSplitQuery()
            .ToListAsync(ct);
        return [.. actions.Where(a => UpdateRoundRules.MayAnswer(a, personId, cleared))
            .OrderBy(a => a.Priority!.Order).ThenBy(a => a.Reference)];
    }

    /// <summary>Whether the browser is signed in as this person's own account, enabled and cleared now.</summary>
    public static async Task<bool> SignedInAsClearedAsync(AppDbContext db, int personId, Actor? viewer, CancellationToken ct) =>
        await LinkAccess.CheckAsync(db, new Action { IsRestricted = true }, personId, viewer, ct) == LinkAccessResult.Allowed;

    /// <summary>Restricted actions of the round the person leads but the page may not show to this viewer.</summary>
    public static async Task<int> HiddenRestrictedAsync(AppDbContext db, int roundId, int personId, Actor? viewer, CancellationToken ct) =>
        await SignedInAsClearedAsync(db, personId, viewer, ct) || !await IsClearedNowAsync(db, personId, ct)
            ? 0
            : await db.Actions.CountAsync(a => a.IsRestricted && (a.LeadPersonId == personId || a.DeputyPersonId == personId)
                                               && db.UpdateRoundActions.Any(x => x.UpdateRoundId == roundId && x.ActionId == a.Id), ct);

    /// <summary>The actor a person becomes on their round page: their lead's rights on their own actions, and their clearance now.</summary>
    public static Actor OwnerActor(UpdateRoundLink link, Person person, bool clearedNow) =>
        new($"update-round-link:{link.Id}", $"{person.Name} (update round)", person.Id, person.PartnershipId,
            IsAdministrator: false, IsCoordinator: false, IsPartnerLead: true, IsBoardMember: false, IsScrutinyMember: false,
            IsCleared: clearedNow);

    /// <summary>The audit log's name for a coordinator's work on a round.</summary>
    public static AuditAuthor Author(Actor actor) => new(actor.UserId, $"{actor.Name} (update round)");
}
