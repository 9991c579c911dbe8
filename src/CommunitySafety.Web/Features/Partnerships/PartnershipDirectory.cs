using System.Collections.Concurrent;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Partnerships;

public sealed record PartnershipSummary(int Id, string Name, string Slug, string Area, string? Description);

/// <summary>Finds partnerships by the address a page was opened at, and only those the user may see.</summary>
public sealed class PartnershipDirectory(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// How long an address is known without looking again. Every page of a partnership asks, and a change to the plan
    /// refreshes every open dashboard at once; partnerships are only ever added (by loading a sample or an import), so
    /// a found one is kept a while and a missing one is always looked for again.
    /// </summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (PartnershipSummary Summary, DateTimeOffset FoundAt)> bySlug = new(StringComparer.Ordinal);

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
        var now = time.GetUtcNow();
        PartnershipSummary? found;
        if (bySlug.TryGetValue(slug, out var known) && now - known.FoundAt < KeptFor)
        {
            found = known.Summary;
        }
        else
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            found = await db.Partnerships
                .Where(p => p.Slug == slug)
                .Select(p => new PartnershipSummary(p.Id, p.Name, p.Slug, p.Area, p.Description))
                .SingleOrDefaultAsync(ct);
            if (found is not null) bySlug[slug] = (found, now);
        }

        return found is not null && actor.CanSeePartnership(found.Id) ? found : null;
    }
}
