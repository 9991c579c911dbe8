using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.StatusUpdates;

/// <summary>Each action's latest status update commentary: what the export writes and what a re-import compares with.</summary>
public static class LatestCommentary
{
    public static async Task<Dictionary<int, string>> ForPartnershipAsync(AppDbContext db, int partnershipId, CancellationToken ct)
    {
        var stamps = await db.StatusUpdates.AsNoTracking()
            .Where(u => u.Action!.Priority!.Strategy!.PartnershipId == partnershipId)
            .Select(u => new { u.Id, u.ActionId, u.RecordedAt })
            .ToListAsync(ct);
        var latestIds = stamps.GroupBy(u => u.ActionId)
            .Select(g => g.OrderByDescending(u => u.RecordedAt).ThenByDescending(u => u.Id).First().Id)
            .ToList();
        var result = new Dictionary<int, string>();
        foreach (var chunk in latestIds.Chunk(500))
        {
            var rows = await db.StatusUpdates.AsNoTracking().Where(u => chunk.Contains(u.Id))
                .Select(u => new { u.ActionId, u.Commentary }).ToListAsync(ct);
            foreach (var r in rows) result[r.ActionId] = r.Commentary;
        }

        return result;
    }
}
