using CommunitySafety.Domain;
using CommunitySafety.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Tests.Reminders;

/// <summary>What the audit log keeps of the reminder ledger: not the scan's new rows, but what becomes of them.</summary>
public sealed class ReminderAuditTests(PickupReminderTestApp app) : IClassFixture<PickupReminderTestApp>
{
    [Fact]
    public async Task The_scan_adds_notices_without_auditing_them_and_sending_one_is_audited()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var people = await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync();

        var notices = await app.WithDbAsync(db => db.ReminderNotices.AsNoTracking().ToListAsync());
        Assert.NotEmpty(notices);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ReminderNotice))));

        var sender = scope.ServiceProvider.GetRequiredService<ReminderDigestSender>();
        int? person = null;
        foreach (var p in people)
        {
            if (await sender.SendAsync(p) == 0) continue;
            person = p;
            break;
        }

        Assert.NotNull(person);

        var sent = await app.WithDbAsync(db => db.ReminderNotices.AsNoTracking()
            .Where(n => n.RecipientPersonId == person && n.Status == ReminderStatus.Sent).Select(n => n.Id).ToListAsync());
        Assert.NotEmpty(sent);
        var audited = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(ReminderNotice)).ToListAsync());
        Assert.All(audited, e => Assert.Equal(AuditOperation.Change, e.Operation));
        foreach (var id in sent)
        {
            var entry = Assert.Single(audited, e => e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.After!.Contains("\"Status\":\"Sent\"", StringComparison.Ordinal));
            Assert.Contains("\"Status\":\"Pending\"", entry.Before, StringComparison.Ordinal);
        }
    }
}
