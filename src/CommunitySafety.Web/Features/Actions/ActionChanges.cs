namespace CommunitySafety.Web.Features.Actions;

/// <summary>What changed, so open pages (dashboards in a meeting, say) can refresh themselves.</summary>
public sealed record ActionChange(int PartnershipId, int ActionId, DateTime ChangedAt);

/// <summary>
/// Tells open circuits in this app instance that an action changed. Every service that saves an action or posts a
/// status update publishes here after its transaction commits; pages subscribe and unsubscribe when disposed.
/// </summary>
public sealed class ActionChanges
{
    public event Func<ActionChange, Task>? Changed;

    public async Task PublishAsync(ActionChange change)
    {
        var handlers = Changed;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<ActionChange, Task>>())
        {
            try
            {
                await handler(change);
            }
            catch (ObjectDisposedException)
            {
                // A circuit that closed between the change and the notice: nothing to refresh.
            }
        }
    }
}
