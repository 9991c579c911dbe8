using CommunitySafety.Domain;
using CommunitySafety.Web.Data;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>One email put together from some of a person's notices, with the links issued for it.</summary>
public sealed record ComposedEmail(string Subject, string TextBody, string HtmlBody, IReadOnlyList<IRevocableLink> Links);

/// <summary>
/// Writes the emails for one kind of ledger notice. The sender claims a person's notices, asks the composer that
/// writes each one, and sends each group the composer keeps together as one email.
/// </summary>
public interface IReminderEmailComposer
{
    bool Writes(ReminderItemType itemType);

    /// <summary>Notices with the same key go in one email (a digest); a notice with a key of its own goes alone.</summary>
    string GroupKey(ReminderNotice notice);

    /// <summary>
    /// The email for these notices, or null when there is nothing left to say. Sets <see cref="ReminderStatus.Withdrawn"/>
    /// on a notice no longer true (completed, moved, answered, no longer visible to the person); adds the links it
    /// issues to <paramref name="db"/>, which the sender saves before sending.
    /// </summary>
    Task<ComposedEmail?> ComposeAsync(AppDbContext db, Person person, IReadOnlyList<ReminderNotice> notices, bool personIsCleared, CancellationToken ct);
}

/// <summary>The HTML part of an email, rendered from a component outside any circuit: plain markup and inline styles only.</summary>
public static class EmailHtml
{
    public static async Task<string> RenderAsync<TComponent>(IServiceProvider services, ILoggerFactory loggerFactory, IDictionary<string, object?> parameters)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        await using var renderer = new Microsoft.AspNetCore.Components.Web.HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(Microsoft.AspNetCore.Components.ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}

/// <summary>How long a send may hold its notices, and how often held or retried notices are looked for.</summary>
public sealed class ReminderDeliveryOptions
{
    /// <summary>
    /// A send that has not finished in this time is taken to have died with its process: the next sweep releases its
    /// notices. A send cancels itself well before, so a live send is never overtaken by another.
    /// </summary>
    public int HoldSeconds { get; set; } = 300;

    /// <summary>How often each instance sweeps the ledger for notices due to be sent, retried or released.</summary>
    public int SweepSeconds { get; set; } = 120;

    public TimeSpan Hold => TimeSpan.FromSeconds(Math.Max(10, HoldSeconds));

    /// <summary>Four fifths of the hold: a send still unfinished by then gives up, so it can never outlive its hold.</summary>
    public TimeSpan SendTimeLimit => Hold * 0.8;

    public TimeSpan SweepInterval => TimeSpan.FromSeconds(Math.Max(1, SweepSeconds));
}

/// <summary>Wakes the sweep now (a coordinator released a message, a round was opened) instead of at its next turn.</summary>
public sealed class ReminderSweepSignal
{
    private TaskCompletionSource nudged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Nudge() => Volatile.Read(ref nudged).TrySetResult();

    /// <summary>Returns after <paramref name="interval"/> or at the first nudge, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        var current = Volatile.Read(ref nudged);
        await Task.WhenAny(current.Task, Task.Delay(interval, time, ct));
        ct.ThrowIfCancellationRequested();
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref nudged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
