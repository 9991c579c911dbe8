using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Partnerships;

public sealed record PartnershipSummary(int Id, string Name, string Slug, string Area, string? Description);

/// <summary>Finds partnerships by the address a page was opened at, and only those the user may see.</summary>
public sealed class PartnershipDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PartnershipSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Partnerships
            .Where(p => actor.IsAdministrator || p.Id == actor.PartnershipId)
            .OrderBy(p => p.Name)
            .Select(p => new PartnershipSummary(p.Id, p.Name, p.Slug, p.Area, p.Description))
            .ToListAsync(ct);
    }

    /// <summary>Null both when there is no such partnership and when the user may not see it: the page says the same.</summary>
    public async Task<PartnershipSummary?> FindAsync(string slug, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Partnerships
            .Where(p => p.Slug == slug)
            .Select(p => new PartnershipSummary(p.Id, p.Name, p.Slug, p.Area, p.Description))
            .SingleOrDefaultAsync(ct);
        return found is not null && actor.CanSeePartnership(found.Id) ? found : null;
    }
}
