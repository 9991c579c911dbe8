using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Actions;

/// <summary>
/// When a save loses the race, finds out who won and what they changed, from the action as it is now and the
/// audit log, so nobody's work disappears without them seeing it.
/// </summary>
public sealed class ActionConflicts(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Action?> CurrentAsync(int actionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Actions.AsNoTracking().Include(a => a.Milestones).SingleOrDefaultAsync(a => a.Id == actionId, ct);
    }

    public async Task<ConflictDetails> DescribeAsync(int actionId, IReadOnlyList<FieldDifference> differences, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = actionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(Action) && e.EntityId == key && e.Operation == AuditOperation.Change)
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        return new ConflictDetails(last?.UserName ?? "Someone else", last?.RecordedAt, differences);
    }
}

public static class ConflictMessages
{
    public static string Saved(ConflictDetails details) =>
        $"{details.ChangedBy} saved this action{(details.ChangedAt is { } at ? " at " + UkCulture.Time(at) : "")} while you were editing it. " +
        (details.Differences.Count == 0
            ? "They changed nothing you are changing. Nothing of yours has been saved yet."
            : "Nothing of yours has been saved yet. They changed:");
}
