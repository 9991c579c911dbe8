using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Audit;

public sealed record AuditFilter
{
    /// <summary>The kind of item, e.g. "Action".</summary>
    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    /// <summary>Part of the name of the person (or "Sample loader") who made the change.</summary>
    public string? Person { get; init; }

    /// <summary>Text anywhere in the values before or after, e.g. an action's reference.</summary>
    public string? Text { get; init; }

    /// <summary>London calendar days, inclusive.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Rows, int Total);

/// <summary>Searches the audit log. Only administrators may; it holds every partnership's changes, restricted ones included.</summary>
public sealed class AuditLogQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, int skip, int take, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) return new AuditPage([], 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(e => e.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId)) query = query.Where(e => e.EntityId == filter.EntityId.Trim());
        // Lower-cased on both sides: SQLite's LIKE ignores case and PostgreSQL's does not.
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim().ToLowerInvariant();
            query = query.Where(e => e.UserName.ToLower().Contains(person));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var term = filter.Text.Trim().ToLowerInvariant();
            query = query.Where(e => (e.Before ?? "").ToLower().Contains(term) || (e.After ?? "").ToLower().Contains(term));
        }

        if (filter.From is { } from)
        {
            var start = PartnershipClock.StartOfDayUtc(from);
            query = query.Where(e => e.RecordedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = PartnershipClock.StartOfDayUtc(to.AddDays(1));
            query = query.Where(e => e.RecordedAt < end);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new AuditPage(rows, total);
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEntries.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
