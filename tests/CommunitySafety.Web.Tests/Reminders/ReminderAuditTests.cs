using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Tests.Reminders;

/// <summary>What the audit log keeps of the reminder ledger: not the scan's new rows, but the changes people make to them.</summary>
public sealed class ReminderAuditTests(PickupReminderTestApp app) : IClassFixture<PickupReminderTestApp>
{
    [Fact]
    public async Task The_scan_adds_notices_without_auditing_them_and_a_coordinators_retry_of_one_is_audited()
    {
        var safermk = await app.PartnershipIdAsync("safermk");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync() > 0);
        }

        Assert.True(await app.WithDbAsync(db => db.ReminderNotices.AnyAsync(n => n.PartnershipId == safermk)));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ReminderNotice))));

        // A send that failed for good (as the sender records it); the coordinator puts it back in the queue.
        var failed = await app.WithDbAsync(async db =>
        {
            var id = await db.ReminderNotices.Where(n => n.PartnershipId == safermk).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync();
            await db.ReminderNotices.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, ReminderStatus.Failed));
            return id;
        });
        var coordinator = await app.ActorAsync("coordinator@safermk.example");
        Assert.Equal(1, await app.WithServiceAsync<ReminderQueries, int>(q => q.RetryFailedAsync(safermk, coordinator)));

        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(ReminderNotice)).ToListAsync());
        var entry = Assert.Single(audited);
        Assert.Equal(AuditOperation.Change, entry.Operation);
        Assert.Equal(failed.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.EntityId);
        Assert.Equal(coordinator.Name, entry.UserName);
        Assert.Contains("\"Status\":\"Failed\"", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":\"Pending\"", entry.After, StringComparison.Ordinal);
    }
}
