using CommunitySafety.Web.Features.Actions;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunitySafety.Web.Tests.Actions;

/// <summary>Publishing a change: the saver never waits for, nor hears the errors of, the pages that refresh.</summary>
public class ActionChangesTests
{
    private static readonly ActionChange Change = new(1, 2, new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Publish_returns_before_a_slow_subscriber_has_finished_and_every_subscriber_hears_the_change()
    {
        var changes = new ActionChanges(NullLogger<ActionChanges>.Instance, []);
        var release = new TaskCompletionSource();
        var heard = new List<int>();
        var all = new CountdownEvent(50);
        var subscriptions = Enumerable.Range(0, 50).Select(i => changes.Subscribe(async c =>
        {
            // A blocking wait, as a circuit whose dispatcher runs a long reload inline would do.
            release.Task.Wait();
            lock (heard) heard.Add(i);
            all.Signal();
            await Task.CompletedTask;
        })).ToList();

        changes.Publish(Change);

        Assert.Empty(heard);
        release.SetResult();
        Assert.True(all.Wait(TimeSpan.FromSeconds(10)), $"only {heard.Count} of 50 subscribers heard the change");
        subscriptions.ForEach(s => s.Dispose());
        Assert.Equal(0, changes.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_that_throws_does_not_reach_the_publisher_nor_stop_the_others()
    {
        var changes = new ActionChanges(NullLogger<ActionChanges>.Instance, []);
        var other = new TaskCompletionSource<ActionChange>();
        using var failing = changes.Subscribe(_ => throw new InvalidOperationException("this circuit's reload failed"));
        using var listening = changes.Subscribe(c => { other.TrySetResult(c); return Task.CompletedTask; });

        changes.Publish(Change);

        Assert.Equal(Change, await other.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var changes = new ActionChanges(NullLogger<ActionChanges>.Instance, []);
        var count = 0;
        var subscription = changes.Subscribe(_ => { Interlocked.Increment(ref count); return Task.CompletedTask; });
        subscription.Dispose();
        var still = new TaskCompletionSource();
        using var other = changes.Subscribe(_ => { still.TrySetResult(); return Task.CompletedTask; });

        changes.Publish(Change);
        await still.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_change_is_relayed_to_the_other_instances_and_a_failing_relay_does_not_reach_the_publisher()
    {
        var relayed = new TaskCompletionSource<ActionChange>();
        var changes = new ActionChanges(NullLogger<ActionChanges>.Instance, [new FailingRelay(), new Relay(relayed)]);

        changes.Publish(Change);

        Assert.Equal(Change, await relayed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class Relay(TaskCompletionSource<ActionChange> relayed) : IActionChangeRelay
    {
        public Task SendAsync(ActionChange change, CancellationToken ct)
        {
            relayed.TrySetResult(change);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingRelay : IActionChangeRelay
    {
        public Task SendAsync(ActionChange change, CancellationToken ct) => throw new InvalidOperationException("the database is down");
    }
}
