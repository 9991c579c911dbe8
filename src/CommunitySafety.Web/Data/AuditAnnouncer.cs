using System.Data.Common;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunitySafety.Web.Data;

/// <summary>
/// Tells open pages of every audited save once its transaction commits, whichever service or job made it: the
/// shared dashboard pictures can then trust what this instance has heard of rather than read the audit log for
/// every page they serve. A transaction rolled back tells nobody.
/// </summary>
internal sealed class AuditAnnouncer(ActionChanges changes) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Announce(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Announce(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as AppDbContext)?.DropUnannouncedChanges();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as AppDbContext)?.DropUnannouncedChanges();
        return Task.CompletedTask;
    }

    private void Announce(TransactionEndEventData eventData)
    {
        if (eventData.Context is not AppDbContext db) return;
        foreach (var change in db.TakeCommittedChanges()) changes.Publish(change);
    }
}
