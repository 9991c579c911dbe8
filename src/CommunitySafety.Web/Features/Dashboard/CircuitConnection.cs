using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommunitySafety.Web.Features.Dashboard;

/// <summary>
/// Whether this circuit's browser is connected now. A statically rendered page's live part outlives its document for
/// a while (the circuit is kept for a reconnect): a refresh asked of it then fails and ends the circuit with an error,
/// so the live part waits for the connection instead.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private Func<Task>? reconnected;

    public bool IsUp { get; private set; } = true;

    /// <summary>Called once each time the browser comes back, until the page goes.</summary>
    public void OnReconnected(Func<Task> callback) => reconnected = callback;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsUp = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !IsUp;
        IsUp = true;
        return wasDown && reconnected is { } callback ? callback() : Task.CompletedTask;
    }
}
