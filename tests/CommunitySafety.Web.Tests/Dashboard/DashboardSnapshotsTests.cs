using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// The shared pictures check the audit log once for all the pages that ask together, and that one read still sees a
/// change saved before any of them asked, announced or not.
/// </summary>
public class DashboardSnapshotsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Pages_asking_together_share_reads_of_the_audit_log_and_all_see_a_change_saved_before_they_asked()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var before = await snapshots.DataAsync(partnershipId, board, new DashboardFilter());

        // Saved straight to the database, as an import or another instance might: audited, but never announced here.
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var action = await db.Actions
                .Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && !a.IsRestricted && a.Rag == RagRating.Green)
                .OrderBy(a => a.Reference).FirstAsync();
            action.Rag = RagRating.Red;
            await db.SaveChangesAsync();
        }

        var reads = snapshots.VersionReads;
        // A hundred pages ask at the same moment: each waits at the gate, and all go on together when it opens (on the
        // opening thread, one after another in a few microseconds each, as a burst of requests reaches a server).
        var gate = new TaskCompletionSource();
        var asking = Enumerable.Range(0, 100).Select(async _ =>
        {
            await gate.Task.ConfigureAwait(false);
            return await snapshots.DataAsync(partnershipId, board, new DashboardFilter());
        }).ToList();
        gate.SetResult();
        var pictures = await Task.WhenAll(asking);

        Assert.All(pictures, p => Assert.Equal(before.Overall[RagRating.Red] + 1, p.Overall[RagRating.Red]));
        // Each of the 100 asked once; one read per page would be 100.
        Assert.InRange(snapshots.VersionReads - reads, 1, 50);
    }

    [Fact]
    public async Task The_parts_of_one_page_share_one_reading_of_the_audit_log()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var filter = new DashboardFilter();

        var reads = snapshots.VersionReads;
        var read = snapshots.BeginRead(partnershipId);
        await snapshots.FilterOptionsAsync(partnershipId, board, read);
        var meetings = await snapshots.PastMeetingsAsync(partnershipId, board, null, read);
        await Task.WhenAll(
            snapshots.DataAsync(partnershipId, board, filter, read),
            snapshots.RoundsAsync(partnershipId, board, null, includeRestricted: false, read),
            snapshots.SinceAsync(partnershipId, board, filter, meetings[0].StartsAt, read: read));
        Assert.Equal(1, snapshots.VersionReads - reads);

        // Without a shared read each part looks for itself: the first two, asked one after the other, read twice.
        reads = snapshots.VersionReads;
        await snapshots.FilterOptionsAsync(partnershipId, board);
        await snapshots.PastMeetingsAsync(partnershipId, board, null);
        Assert.Equal(2, snapshots.VersionReads - reads);

        var other = await app.PartnershipIdAsync("melton");
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.DataAsync(partnershipId, board, filter, snapshots.BeginRead(other)));
    }
}
