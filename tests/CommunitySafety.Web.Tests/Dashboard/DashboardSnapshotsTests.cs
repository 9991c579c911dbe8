using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Dashboard;

/// <summary>
/// The shared pictures show a change saved here to every page that asks after the save returned, without a look at
/// the audit log per page; a change no announcement reached (another instance's, with the relay down) shows once the
/// audit log is looked at again, at most <see cref="DashboardSnapshots.AuditCheckInterval"/> later. Every filter's
/// "since" lists come from one reading of the actions.
/// </summary>
public class DashboardSnapshotsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_hundred_pages_asking_after_a_save_all_see_it_and_the_picture_is_computed_once_with_one_look_at_the_audit_log()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var before = await snapshots.DataAsync(partnershipId, board, new DashboardFilter());

        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await TurnOneGreenActionRedAsync(db, partnershipId);
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
        // One look per page would be 100.
        Assert.Equal(1, snapshots.VersionReads - reads);

        // That look saw the change, so the picture is not computed again when the look runs out.
        var computed = snapshots.Computations;
        await Task.Delay(DashboardSnapshots.AuditCheckInterval + TimeSpan.FromMilliseconds(100));
        await snapshots.DataAsync(partnershipId, board, new DashboardFilter());
        Assert.Equal(computed, snapshots.Computations);
    }

    [Fact]
    public async Task A_change_no_announcement_reached_shows_once_the_audit_log_is_looked_at_again()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var before = await snapshots.DataAsync(partnershipId, board, new DashboardFilter());

        // A context made outside this app, as another instance's would be: audited, but nothing here hears of it.
        var target = app.Services.GetRequiredService<DatabaseTarget>();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        target.Configure(options);
        await using (var db = target.CreateContext(options.Options))
        {
            await TurnOneGreenActionRedAsync(db, partnershipId);
        }

        await Task.Delay(DashboardSnapshots.AuditCheckInterval + TimeSpan.FromMilliseconds(100));
        var reads = snapshots.VersionReads;
        var after = await snapshots.DataAsync(partnershipId, board, new DashboardFilter());

        Assert.Equal(before.Overall[RagRating.Red] + 1, after.Overall[RagRating.Red]);
        Assert.Equal(1, snapshots.VersionReads - reads);
    }

    [Fact]
    public async Task The_parts_of_one_page_are_checked_against_one_count_and_one_look()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var filter = new DashboardFilter();

        await Task.Delay(DashboardSnapshots.AuditCheckInterval + TimeSpan.FromMilliseconds(100));
        var reads = snapshots.VersionReads;
        var read = snapshots.BeginRead(partnershipId);
        await snapshots.FilterOptionsAsync(partnershipId, board, read);
        var meetings = await snapshots.PastMeetingsAsync(partnershipId, board, null, read);
        await Task.WhenAll(
            snapshots.DataAsync(partnershipId, board, filter, read),
            snapshots.RoundsAsync(partnershipId, board, null, includeRestricted: false, read),
            snapshots.SinceAsync(partnershipId, board, filter, meetings[0].StartsAt, read: read));
        Assert.Equal(1, snapshots.VersionReads - reads);

        var other = await app.PartnershipIdAsync("melton");
        await Assert.ThrowsAsync<ArgumentException>(() => snapshots.DataAsync(partnershipId, board, filter, snapshots.BeginRead(other)));
    }

    [Fact]
    public async Task Every_filters_since_lists_come_from_one_shared_reading_of_the_actions()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var board = await app.ActorAsync("board@safermk.example");
        var snapshots = app.Services.GetRequiredService<DashboardSnapshots>();
        var read = snapshots.BeginRead(partnershipId);
        // An instant no other test asks about, so that nothing from it has been computed yet.
        var since = (await snapshots.PastMeetingsAsync(partnershipId, board, null, read))[^1].StartsAt.AddSeconds(1);
        var priorities = (await snapshots.FilterOptionsAsync(partnershipId, board, read)).Priorities;

        var computed = snapshots.Computations;
        var parts = new List<SinceReport>();
        foreach (var priority in priorities) parts.Add(await snapshots.SinceAsync(partnershipId, board, new DashboardFilter(PriorityId: priority.Id), since, read: read));
        var whole = await snapshots.SinceAsync(partnershipId, board, new DashboardFilter(), since, read: read);

        // One reading of the actions, then one set of lists per filter compared in memory.
        Assert.Equal(computed + 1 + priorities.Count + 1, snapshots.Computations);
        Assert.True(whole.Totals.Added + whole.Totals.RagUp + whole.Totals.RagDown > 0, "The samples should have moved since their first meeting.");
        // Every action is under one priority: the filtered lists add up to the whole, and no filter is the whole.
        Assert.Equal(whole.Totals.Added, parts.Sum(p => p.Totals.Added));
        Assert.Equal(whole.Totals.RagUp, parts.Sum(p => p.Totals.RagUp));
        Assert.Equal(whole.Totals.RagDown, parts.Sum(p => p.Totals.RagDown));
        Assert.Equal(whole.Totals.Completed, parts.Sum(p => p.Totals.Completed));
        Assert.Equal(whole.Totals.BecameOverdue, parts.Sum(p => p.Totals.BecameOverdue));
        Assert.All(parts, p => Assert.True(p.Totals.Added + p.Totals.RagUp + p.Totals.RagDown < whole.Totals.Added + whole.Totals.RagUp + whole.Totals.RagDown));
    }

    private static async Task TurnOneGreenActionRedAsync(AppDbContext db, int partnershipId)
    {
        var action = await db.Actions
            .Where(a => a.Priority!.Strategy!.PartnershipId == partnershipId && !a.IsRestricted && a.Rag == RagRating.Green)
            .OrderBy(a => a.Reference).FirstAsync();
        action.Rag = RagRating.Red;
        await db.SaveChangesAsync();
    }
}
