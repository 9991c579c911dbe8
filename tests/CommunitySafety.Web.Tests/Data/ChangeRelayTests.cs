using CommunitySafety.Domain;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.StatusUpdates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>
/// Two hosts on one PostgreSQL database, as two instances behind a load balancer: a change saved on one reaches the
/// open pages of the other through LISTEN/NOTIFY, and each instance's own pages hear it once.
/// </summary>
[Trait("Provider", "PostgreSql")]
public sealed class ChangeRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TestDatabase database = TestDatabase.Seeded();
    private TestApp a = default!;
    private TestApp b = default!;

    public async Task InitializeAsync()
    {
        a = new TestApp(database, ownsDatabase: false);
        b = new TestApp(database, ownsDatabase: false);
        await Task.WhenAll(Listening(a), Listening(b)).WaitAsync(Wait);
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        database.Dispose();
    }

    private static Task Listening(TestApp app) => app.Services.GetRequiredService<PostgreSqlActionChangeListener>().Listening;

    [Fact]
    public async Task A_status_update_saved_on_one_instance_reaches_the_pages_open_on_the_other_and_is_heard_once_on_each()
    {
        var heardOnA = new List<ActionChange>();
        var heardOnB = new TaskCompletionSource<ActionChange>();
        using var onA = a.Services.GetRequiredService<ActionChanges>().Subscribe(c => { lock (heardOnA) heardOnA.Add(c); return Task.CompletedTask; });
        using var onB = b.Services.GetRequiredService<ActionChanges>().Subscribe(c => { heardOnB.TrySetResult(c); return Task.CompletedTask; });
        var lead = await a.ActorAsync("lead.police@safermk.example");
        var partnership = await a.PartnershipIdAsync("safermk");
        var action = await a.WithDbAsync(db => db.Actions.AsNoTracking()
            .FirstAsync(x => x.LeadPersonId == lead.PersonId && !x.IsRestricted && x.Status == ActionStatus.InProgress));

        await using (var scope = a.Services.CreateAsyncScope())
        {
            var updates = scope.ServiceProvider.GetRequiredService<StatusUpdateService>();
            var draft = await updates.PrepareAsync(partnership, action.Id, lead) ?? throw new InvalidOperationException("The lead cannot update the action.");
            draft.Form.ProgressPercent = action.ProgressPercent == 60 ? 65 : 60;
            draft.Form.Rag = draft.SuggestFor(draft.Form.Status, draft.Form.ProgressPercent).Rating;
            draft.Form.Commentary = "Saved on instance A.";
            Assert.Equal(SaveOutcome.Saved, (await updates.PostAsync(partnership, draft.Form, lead)).Outcome);
        }

        var change = await heardOnB.Task.WaitAsync(Wait);
        Assert.Equal((partnership, action.Id), (change.PartnershipId, change.ActionId));
        // A's own notification comes back to it over the channel too; it must not be shown twice.
        await Task.Delay(TimeSpan.FromSeconds(2));
        lock (heardOnA) Assert.Single(heardOnA, c => c.ActionId == action.Id);
    }

    [Fact]
    public async Task After_losing_its_connection_the_listener_comes_back_and_tells_open_pages_to_reload()
    {
        var reload = new TaskCompletionSource<ActionChange>();
        using var onB = b.Services.GetRequiredService<ActionChanges>().Subscribe(c => { if (c.ActionId == 0) reload.TrySetResult(c); return Task.CompletedTask; });
        var listener = b.Services.GetRequiredService<PostgreSqlActionChangeListener>();

        database.EndSessions("CommunitySafety change listener");

        var refresh = await reload.Task.WaitAsync(Wait);
        Assert.Contains(refresh.PartnershipId, await b.WithDbAsync(db => db.Partnerships.Select(p => p.Id).ToListAsync()));
        await listener.Listening.WaitAsync(Wait);

        var heard = new TaskCompletionSource<ActionChange>();
        using var again = b.Services.GetRequiredService<ActionChanges>().Subscribe(c => { if (c.ActionId == 7) heard.TrySetResult(c); return Task.CompletedTask; });
        a.Services.GetRequiredService<ActionChanges>().Publish(new ActionChange(refresh.PartnershipId, 7, DateTime.UtcNow));
        await heard.Task.WaitAsync(Wait);
    }
}
