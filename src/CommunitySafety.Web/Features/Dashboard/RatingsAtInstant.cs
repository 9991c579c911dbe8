using System.Collections.Concurrent;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Dashboard;

/// <summary>
/// Every action's RAG rating at a past instant (a meeting's start, say): its latest status update at or before then.
/// Reading it means one look into the history per action, the dearest part of "since the last meeting", and its answer
/// never changes once the instant has passed: every status update (from a page, a link or an import) is recorded when
/// it is made, and none is ever edited or removed. So it is read once per partnership and instant, and kept while used.
/// An action missing from it was created after it was read, and so had no update by then.
/// </summary>
public sealed class RatingsAtInstant(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    /// <summary>How far behind now an instant must be before its ratings are kept: instances' clocks may differ a little.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);

    /// <summary>Meetings and chosen days are few; beyond this many, the least recently used goes.</summary>
    public const int Kept = 32;

    private readonly ConcurrentDictionary<(int PartnershipId, DateTime Instant), Entry> entries = new();

    public async Task<IReadOnlyDictionary<int, RagRating?>> ForAsync(int partnershipId, DateTime instantUtc, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (instantUtc > now - Settled) return await ReadAsync(partnershipId, instantUtc, ct);
        var key = (partnershipId, instantUtc);
        var entry = entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<IReadOnlyDictionary<int, RagRating?>>>(() => ReadAsync(partnershipId, instantUtc, CancellationToken.None))));
        entry.LastUsed = now;
        try
        {
            var ratings = await entry.Ratings.Value.WaitAsync(ct);
            Trim();
            return ratings;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed read is not kept: the next page asks again.
            entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    private async Task<IReadOnlyDictionary<int, RagRating?>> ReadAsync(int partnershipId, DateTime instantUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Actions.Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId)
            .Select(a => new
            {
                a.Id,
                Rag = a.StatusUpdates.Where(u => u.RecordedAt <= instantUtc).OrderByDescending(u => u.RecordedAt).Select(u => (RagRating?)u.Rag).FirstOrDefault(),
            })
            .ToDictionaryAsync(a => a.Id, a => a.Rag, ct);
    }

    private void Trim()
    {
        if (entries.Count <= Kept) return;
        foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastUsed).Take(entries.Count - Kept))
        {
            entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private sealed class Entry(Lazy<Task<IReadOnlyDictionary<int, RagRating?>>> ratings)
    {
        public Lazy<Task<IReadOnlyDictionary<int, RagRating?>>> Ratings { get; } = ratings;

        public DateTime LastUsed { get; set; }
    }
}
