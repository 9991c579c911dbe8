using System.Collections.Concurrent;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>
/// Every audited save tells open pages once its transaction commits, whichever code made it: per action, or once
/// for the partnership when the save is not about single actions. A save rolled back tells nobody.
/// </summary>
public class AuditAnnouncerTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_milestone_saved_by_any_code_is_announced_for_its_action_and_counted_before_the_save_returns()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var changes = app.Services.GetRequiredService<ActionChanges>();
        var heard = new ConcurrentQueue<ActionChange>();
        using var listening = changes.Subscribe(c => { heard.Enqueue(c); return Task.CompletedTask; });
        var count = changes.HeardOf(partnershipId);

        int actionId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var milestone = await db.Milestones.Where(m => m.PartnershipId == partnershipId && m.ActionId != null).OrderBy(m => m.Id).FirstAsync();
            actionId = milestone.ActionId!.Value;
            milestone.Description = "Moved to the spring meeting.";
            await db.SaveChangesAsync();
        }

        Assert.Equal(count + 1, changes.HeardOf(partnershipId));
        await WaitForAsync(() => !heard.IsEmpty);
        var change = Assert.Single(heard);
        Assert.Equal((partnershipId, actionId), (change.PartnershipId, change.ActionId));
        Assert.Equal(TestApp.Now.UtcDateTime, change.ChangedAt);
    }

    [Fact]
    public async Task A_priority_renamed_is_announced_for_the_partnership_as_a_whole()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var changes = app.Services.GetRequiredService<ActionChanges>();
        var heard = new ConcurrentQueue<ActionChange>();
        using var listening = changes.Subscribe(c => { heard.Enqueue(c); return Task.CompletedTask; });

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var priority = await db.Priorities.Where(p => p.Strategy!.PartnershipId == partnershipId).OrderBy(p => p.Id).FirstAsync();
            priority.Description = (priority.Description ?? "") + " (renamed in a test)";
            await db.SaveChangesAsync();
        }

        await WaitForAsync(() => !heard.IsEmpty);
        var change = Assert.Single(heard);
        Assert.Equal((partnershipId, ActionChange.AnyAction), (change.PartnershipId, change.ActionId));
        Assert.True(change.Concerns(partnershipId, 12345));
        Assert.False(change.Concerns(partnershipId + 1, 12345));
    }

    [Fact]
    public async Task A_save_inside_a_transaction_is_announced_when_it_commits_and_never_if_it_is_rolled_back()
    {
        var partnershipId = await app.PartnershipIdAsync("safermk");
        var changes = app.Services.GetRequiredService<ActionChanges>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var count = changes.HeardOf(partnershipId);

        await using (var db = await dbFactory.CreateDbContextAsync())
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var milestone = await db.Milestones.Where(m => m.PartnershipId == partnershipId).OrderBy(m => m.Id).Skip(1).FirstAsync();
            milestone.Description = "Rolled back.";
            await db.SaveChangesAsync();
            Assert.Equal(count, changes.HeardOf(partnershipId));
            await tx.RollbackAsync();
        }

        Assert.Equal(count, changes.HeardOf(partnershipId));

        await using (var db = await dbFactory.CreateDbContextAsync())
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var milestone = await db.Milestones.Where(m => m.PartnershipId == partnershipId).OrderBy(m => m.Id).Skip(2).FirstAsync();
            milestone.Description = "Committed.";
            await db.SaveChangesAsync();
            Assert.Equal(count, changes.HeardOf(partnershipId));
            await tx.CommitAsync();
        }

        Assert.Equal(count + 1, changes.HeardOf(partnershipId));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("Nobody was told of the change.");
            await Task.Delay(20);
        }

        // Anything told twice would arrive by now.
        await Task.Delay(200);
    }
}
