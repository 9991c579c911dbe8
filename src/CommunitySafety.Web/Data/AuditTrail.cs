using System.Text.Json;
using CommunitySafety.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CommunitySafety.Web.Data;

/// <summary>Who the audit log names for a save: the signed-in user, or the part of the system acting on its own.</summary>
public sealed record AuditAuthor(string? UserId, string Name)
{
    public static readonly AuditAuthor System = new(null, "System");
    public static readonly AuditAuthor SampleLoader = new(null, "Sample loader");

    public static AuditAuthor Of(Actor actor) => new(actor.UserId, actor.Name);
}

public static class AuthoredContexts
{
    /// <summary>A context whose saves the audit log puts down to this actor: every service that changes strategy data makes its context here.</summary>
    public static async Task<AppDbContext> CreateDbContextAsync(this IDbContextFactory<AppDbContext> factory, Actor actor, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Author = AuditAuthor.Of(actor);
        return db;
    }
}

/// <summary>
/// Turns the change tracker's view of a save into audit entries. Only the partnership's own data (the Domain's
/// entities) is recorded, not sign-in tables; settings owned by a partnership are recorded under the partnership's id. The concurrency token is left out as it means nothing to a reader.
/// </summary>
internal sealed class AuditTrail
{
    private static readonly System.Reflection.Assembly Domain = typeof(Partnership).Assembly;
    private readonly List<(EntityEntry Entry, AuditOperation Operation, string? Before, string? After)> pending = [];

    private AuditTrail()
    {
    }

    public bool IsEmpty => pending.Count == 0;

    public static AuditTrail Capture(ChangeTracker tracker)
    {
        tracker.DetectChanges();
        var trail = new AuditTrail();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                    throw new InvalidOperationException("The audit log is append-only: entries are never changed or deleted.");
                continue;
            }

            if (entry.Entity.GetType().Assembly != Domain) continue;
            switch (entry.State)
            {
                // The reminder scan writes thousands of ledger rows a day, each already dated and explained by the
                // ledger itself; copying them into the audit log would double the scan's writes and bury the people's
                // changes. What happens to a notice afterwards (sent, failed, resolved by a coordinator) is audited.
                case EntityState.Added when entry.Entity is ReminderNotice:
                    break;
                case EntityState.Added:
                    trail.pending.Add((entry, AuditOperation.Create, null, null));
                    break;
                case EntityState.Deleted:
                    trail.pending.Add((entry, AuditOperation.Delete, Json(entry, p => entry.OriginalValues[p]), null));
                    break;
                case EntityState.Modified:
                    var changed = Recorded(entry).Where(p => entry.Property(p.Name).IsModified
                                                             && !Equals(entry.OriginalValues[p], entry.CurrentValues[p])).ToList();
                    if (changed.Count > 0)
                    {
                        trail.pending.Add((entry, AuditOperation.Change,
                            Serialise(changed.Select(p => KeyValuePair.Create(p.Name, entry.OriginalValues[p]))),
                            Serialise(changed.Select(p => KeyValuePair.Create(p.Name, entry.CurrentValues[p])))));
                    }

                    break;
            }
        }

        return trail;
    }

    /// <summary>The entries, once the save has given new items their keys.</summary>
    public IEnumerable<AuditEntry> Entries(AuditAuthor author, DateTime now)
    {
        var changeSet = Guid.NewGuid();
        return pending.Select(p => new AuditEntry
        {
            RecordedAt = now,
            UserId = author.UserId,
            UserName = author.Name,
            EntityType = p.Entry.Metadata.ClrType.Name,
            EntityId = string.Join(",", p.Entry.Metadata.FindPrimaryKey()!.Properties.Select(k => p.Entry.Property(k.Name).CurrentValue)),
            Operation = p.Operation,
            Before = p.Before,
            After = p.Operation == AuditOperation.Create ? Json(p.Entry, k => p.Entry.CurrentValues[k]) : p.After,
            ChangeSetId = changeSet,
        });
    }

    private static IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IProperty> Recorded(EntityEntry entry) =>
        entry.Metadata.GetProperties().Where(p => !p.IsConcurrencyToken && !p.IsShadowProperty());

    private static string Json(EntityEntry entry, Func<Microsoft.EntityFrameworkCore.Metadata.IProperty, object?> value) =>
        Serialise(Recorded(entry).Select(p => KeyValuePair.Create(p.Name, value(p))));

    private static string Serialise(IEnumerable<KeyValuePair<string, object?>> values) =>
        JsonSerializer.Serialize(values.ToDictionary(kv => kv.Key, kv => kv.Value switch
        {
            Enum e => e.ToString(),
            _ => kv.Value,
        }));
}
