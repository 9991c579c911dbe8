using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.UpdateRounds;

/// <summary>
/// The daily scan's part for update rounds: for each round still open, the chasers due today to owners who have not
/// answered, and after the deadline the list for the coordinator who opened it (or the partnership's coordinators)
/// and the board's chair. The ledger lets each occasion through once.
/// </summary>
public sealed class UpdateRoundReminders : IReminderSource
{
    public async Task<IReadOnlyList<ReminderDue>> DueAsync(AppDbContext db, DateOnly today, DateTime nowUtc, IReadOnlySet<int> clearedPeople, CancellationToken ct)
    {
        var rounds = await db.UpdateRounds.AsNoTracking().Include(r => r.Meeting).Include(r => r.Board)
            .Where(r => r.ClosedAt == null && r.Meeting!.StartsAt > nowUtc)
            .ToListAsync(ct);
        if (rounds.Count == 0) return [];
        var ids = rounds.Select(r => r.Id).ToList();
        var inRounds = await db.UpdateRoundActions.AsNoTracking().Where(x => ids.Contains(x.UpdateRoundId))
            .Select(x => new { x.UpdateRoundId, x.Action!.Id, x.Action.LeadPersonId, x.Action.DeputyPersonId, x.Action.IsRestricted, x.Action.LastUpdatedAt })
            .ToListAsync(ct);
        var coordinators = await CoordinatorsAsync(db, rounds.Select(r => r.PartnershipId).Distinct().ToList(), ct);

        var due = new List<ReminderDue>();
        foreach (var round in rounds)
        {
            var notAnswered = inRounds.Where(x => x.UpdateRoundId == round.Id && !UpdateRoundRules.IsAnswered(x.LastUpdatedAt, round.OpenedAt))
                .SelectMany(x => new Action { Id = x.Id, LeadPersonId = x.LeadPersonId, DeputyPersonId = x.DeputyPersonId, IsRestricted = x.IsRestricted }
                    .Owners().Where(o => !x.IsRestricted || clearedPeople.Contains(o)))
                .Distinct().ToList();
            var told = new List<int>();
            if (round.OpenedByPersonId is { } opener) told.Add(opener);
            else told.AddRange(coordinators.Where(c => c.PartnershipId == round.PartnershipId).Select(c => c.PersonId));
            if (round.Board!.ChairId is { } chair) told.Add(chair);
            due.AddRange(UpdateRoundRules.RemindersDue(round, round.Meeting!.StartsAt, today, nowUtc, notAnswered, told));
        }

        return due;
    }

    private static async Task<List<(int PartnershipId, int PersonId)>> CoordinatorsAsync(AppDbContext db, List<int> partnerships, CancellationToken ct)
    {
        var coordinatorRole = await db.Roles.Where(r => r.Name == AppRoles.Coordinator).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var rows = await db.Users
            .Where(u => u.PersonId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == coordinatorRole))
            .Join(db.People, u => u.PersonId, p => p.Id, (u, p) => new { p.PartnershipId, PersonId = p.Id })
            .Where(x => partnerships.Contains(x.PartnershipId))
            .ToListAsync(ct);
        return rows.Select(r => (r.PartnershipId, r.PersonId)).Distinct().ToList();
    }
}
