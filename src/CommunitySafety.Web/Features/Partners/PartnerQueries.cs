using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Partners;

public sealed record OrganisationView(int Id, string Name, OrganisationKind Kind, bool IsResponsibleAuthority);

/// <summary>Email is null unless the reader may contact people directly (coordinators and administrators).</summary>
public sealed record PersonView(int Id, string Name, string? JobTitle, string? Organisation, string? Email);

public sealed record MemberView(string Name, MembershipRole Role, string? Representing);

public sealed record MeetingView(DateTime StartsAtLondon, string? Location, bool HasPrivatePart);

public sealed record BoardView(
    int Id,
    string Name,
    BoardKind Kind,
    string? Purpose,
    string? Chair,
    string? Parent,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<MeetingView> PastMeetings,
    IReadOnlyList<MeetingView> NextMeetings);

public sealed record PartnersView(
    IReadOnlyList<OrganisationView> Organisations,
    IReadOnlyList<PersonView> People,
    IReadOnlyList<BoardView> Boards,
    bool EmailsShown);

/// <summary>Who is in the partnership: its organisations, people and boards.</summary>
public sealed class PartnerQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>How many past meetings of each board are shown: enough to see the rhythm without the whole archive.</summary>
    private const int PastMeetingsShown = 3;

    public async Task<PartnersView?> GetAsync(int partnershipId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.CanReadActionPlan || !actor.CanSeePartnership(partnershipId)) return null;
        var showEmails = actor.IsAdministrator || (actor.IsCoordinator && actor.PartnershipId == partnershipId);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var organisations = await db.Organisations.Where(o => o.PartnershipId == partnershipId).OrderBy(o => o.Name)
            .Select(o => new OrganisationView(o.Id, o.Name, o.Kind, o.IsResponsibleAuthority)).ToListAsync(ct);
        var people = await db.People.Where(p => p.PartnershipId == partnershipId).OrderBy(p => p.Name)
            .Select(p => new PersonView(p.Id, p.Name, p.JobTitle, p.Organisation!.Name, showEmails ? p.Email : null)).ToListAsync(ct);
        var boards = await db.Boards.AsNoTracking().Where(b => b.PartnershipId == partnershipId)
            .Include(b => b.Chair).Include(b => b.ParentBoard)
            .Include(b => b.Members).ThenInclude(m => m.Person)
            .Include(b => b.Meetings)
            .AsSplitQuery()
            .ToListAsync(ct);

        var boardViews = boards
            .OrderBy(b => b.ParentBoardId is null ? 0 : 1).ThenBy(b => b.Kind).ThenBy(b => b.Name)
            .Select(b => new BoardView(
                b.Id, b.Name, b.Kind, b.Purpose, b.Chair?.Name, b.ParentBoard?.Name,
                b.Members.OrderBy(m => m.Role).ThenBy(m => m.Person!.Name)
                    .Select(m => new MemberView(m.Person!.Name, m.Role, m.Representing)).ToList(),
                b.Meetings.Where(m => m.StartsAt < now).OrderByDescending(m => m.StartsAt).Take(PastMeetingsShown).Select(ToView).ToList(),
                b.Meetings.Where(m => m.StartsAt >= now).OrderBy(m => m.StartsAt).Select(ToView).ToList()))
            .ToList();
        return new PartnersView(organisations, people, boardViews, showEmails);
    }

    private static MeetingView ToView(Meeting m) => new(PartnershipClock.ToLondon(m.StartsAt), m.Location, m.HasPrivatePart);
}
