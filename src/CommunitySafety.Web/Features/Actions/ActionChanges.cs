using System.Runtime.CompilerServices;

namespace CommunitySafety.Web.Features.Actions;

/// <summary>
/// What changed, so open pages (dashboards in a meeting, say) can refresh themselves. <see cref="ActionId"/> is 0 when
/// the change is to the partnership's data as a whole or to many actions at once: a priority renamed, an import, a
/// relay that lost touch.
/// </summary>
public sealed record ActionChange(int PartnershipId, int ActionId, DateTime ChangedAt)
{
    public const int AnyAction = 0;

    /// <summary>Whether a page showing the action should look again: a change to the whole of another partnership is not its concern.</summary>
    public bool Concerns(int partnershipId, int actionId) => ActionId == actionId || (ActionId == AnyAction && PartnershipId == partnershipId);
}

/// <summary>
/// Carries changes to the other app instances and hands theirs back through <see cref="ActionChanges.Deliver"/>.
/// With one instance there is none; several instances register one (see Jobs/ and Data/ for the PostgreSQL one).
/// </summary>
public interface IActionChangeRelay
{
    Task SendAsync(ActionChange change, CancellationToken ct);
}

/// <summary>
/// Tells open circuits that the partnership's data changed. Every audited save publishes here once its transaction
/// commits (<see cref="Data.AuditAnnouncer"/>), whichever service made it; pages subscribe and dispose the
/// subscription when they close.
/// Publishing never waits for a subscriber and never fails: the person saving gets their answer at once, and a
/// subscriber's error stays in its own circuit (it is logged here).
/// </summary>
public sealed class ActionChanges(ILogger<ActionChanges> log, IEnumerable<IActionChangeRelay> relays)
{
    private readonly Lock gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, StrongBox<long>> heard = new();
    private Subscription[] subscriptions = [];
    private long heardOfAny;

    public int SubscriberCount => Volatile.Read(ref subscriptions).Length;

    public IDisposable Subscribe(Func<ActionChange, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (gate) subscriptions = [.. subscriptions, subscription];
        return subscription;
    }

    /// <summary>A change saved in this instance: delivered here and relayed to the others.</summary>
    public void Publish(ActionChange change)
    {
        Deliver(change);
        foreach (var relay in relays)
        {
            _ = RelayAsync(relay, change);
        }
    }

    /// <summary>
    /// How many changes to the partnership this instance has heard of. It moves on before <see cref="Publish"/> or
    /// <see cref="Deliver"/> returns, so whatever is asked after a save has returned can tell the save happened.
    /// </summary>
    public long HeardOf(int partnershipId) => heard.TryGetValue(partnershipId, out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>How many changes to any partnership this instance has heard of; it moves on as <see cref="HeardOf"/> does.</summary>
    public long HeardOfAny => Interlocked.Read(ref heardOfAny);

    /// <summary>A change to show in this instance's circuits, whichever instance saved it.</summary>
    public void Deliver(ActionChange change)
    {
        Interlocked.Increment(ref heardOfAny);
        Interlocked.Increment(ref heard.GetOrAdd(change.PartnershipId, _ => new StrongBox<long>()).Value);
        foreach (var subscription in Volatile.Read(ref subscriptions))
        {
            // Task.Run, not a direct call: a circuit's InvokeAsync runs inline when its dispatcher is idle, which
            // would make the saver wait while that circuit reloads.
            _ = Task.Run(() => NotifyAsync(subscription, change));
        }
    }

    private async Task NotifyAsync(Subscription subscription, ActionChange change)
    {
        try
        {
            await subscription.Handler(change);
        }
        catch (ObjectDisposedException)
        {
            // A circuit that closed between the change and the notice: nothing to refresh.
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Refreshing an open page after a change to action {ActionId} failed", change.ActionId);
        }
    }

    private async Task RelayAsync(IActionChangeRelay relay, ActionChange change)
    {
        try
        {
            await relay.SendAsync(change, CancellationToken.None);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Telling the other instances about a change to action {ActionId} failed; their pages refresh on the next change", change.ActionId);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate) subscriptions = subscriptions.Where(s => s != subscription).ToArray();
    }

    private sealed class Subscription(ActionChanges owner, Func<ActionChange, Task> handler) : IDisposable
    {
        public Func<ActionChange, Task> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
