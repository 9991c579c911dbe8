using System.Text.Json;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;

namespace CommunitySafety.Web.Features.Account;

/// <summary>
/// Account changes in the same audit log as the partnership's data (the interceptor records only the Domain's
/// entities, so these are written by hand). Passwords, tokens and keys are never recorded.
/// </summary>
public static class AccountAudit
{
    public const string EntityType = "Account";

    public static void Add(AppDbContext db, AuditAuthor author, string userId, AuditOperation operation, object? before, object? after, DateTime now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            RecordedAt = now,
            UserId = author.UserId,
            UserName = author.Name,
            EntityType = EntityType,
            EntityId = userId,
            Operation = operation,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = after is null ? null : JsonSerializer.Serialize(after),
            ChangeSetId = Guid.NewGuid(),
        });
}
