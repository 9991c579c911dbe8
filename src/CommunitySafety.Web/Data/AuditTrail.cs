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

    /// <summary>As above, for saving what the person submitted under this id (see <see cref="SaveReceipt"/>).</summary>
    public static async Task<AppDbContext> CreateDbContextAsync(this IDbContextFactory<AppDbContext> factory, Actor actor, Guid submission, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(actor, ct);
        db.SubmissionId = submission;
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
    private readonly List<(EntityEntry Entry, AuditOperation Operation, string? Before, string? After, IReadOnlyDictionary<string, object?>? Deleted)> pending = [];

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
                // changes. A saved change of a notice (a coordinator's retry or answer, a send given up) is still audited.
                case EntityState.Added when entry.Entity is ReminderNotice:
                    break;
                case EntityState.Added:
                    trail.pending.Add((entry, AuditOperation.Create, null, null, null));
                    break;
                case EntityState.Deleted:
                    // Once deleted, the item's values (its keys among them) are gone from the tracker: keep them for its scope.
                    trail.pending.Add((entry, AuditOperation.Delete, Json(entry, p => entry.OriginalValues[p]), null,
                        entry.Metadata.GetProperties().ToDictionary(p => p.Name, p => entry.OriginalValues[p])));
                    break;
                case EntityState.Modified:
                    var changed = Recorded(entry).Where(p => entry.Property(p.Name).IsModified
                                                             && !Equals(entry.OriginalValues[p], entry.CurrentValues[p])).ToList();
                    if (changed.Count > 0)
                    {
                        trail.pending.Add((entry, AuditOperation.Change,
                            Serialise(changed.Select(p => KeyValuePair.Create(p.Name, entry.OriginalValues[p]))),
                            Serialise(changed.Select(p => KeyValuePair.Create(p.Name, entry.CurrentValues[p]))), null));
                    }

                    break;
            }
        }

        return trail;
    }

    /// <summary>
    /// The entries, once the save has given new items their keys, each with its partnership, action and restriction
    /// so that a partnership reads only its own log and nobody reads of an item they may not see; a person's submission
    /// is their change set.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(AppDbContext db, AuditAuthor author, DateTime now, Guid? submission, CancellationToken ct)
    {
        var changeSet = submission ?? Guid.NewGuid();
        var scopes = await AuditScopes.ResolveAsync(db, [.. pending.Select(p => new AuditItem(p.Entry.Metadata.ClrType.Name, name => Value(p.Entry, p.Deleted, name)))], ct);
        return [.. pending.Select((p, i) => new AuditEntry
        {
            RecordedAt = now,
            UserId = author.UserId,
            UserName = author.Name,
            EntityType = p.Entry.Metadata.ClrType.Name,
            EntityId = string.Join(",", p.Entry.Metadata.FindPrimaryKey()!.Properties.Select(k => Value(p.Entry, p.Deleted, k.Name))),
            Operation = p.Operation,
            Before = p.Before,
            After = p.Operation == AuditOperation.Create ? Json(p.Entry, k => p.Entry.CurrentValues[k]) : p.After,
            ChangeSetId = changeSet,
            PartnershipId = scopes[i].PartnershipId,
            ActionId = scopes[i].ActionId,
            RestrictedBy = scopes[i].RestrictedBy,
            RestrictedById = scopes[i].RestrictedById,
            WasRestricted = scopes[i].WasRestricted,
            Subject = scopes[i].Subject is { Length: > 300 } name ? name[..299] + "…" : scopes[i].Subject,
        })];
    }

    private static object? Value(EntityEntry entry, IReadOnlyDictionary<string, object?>? deleted, string property) =>
        deleted is not null ? deleted.GetValueOrDefault(property)
        : entry.Metadata.FindProperty(property) is null ? null
        : entry.Property(property).CurrentValue;

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
