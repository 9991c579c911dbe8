using Microsoft.JSInterop;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>A submission the browser sent and has not had the answer to: what it was, and what the person typed.</summary>
public sealed record PendingSave(string Id, string What, string Typed, DateTime SentAt);

/// <summary>
/// Tells the person's browser about a save before it is sent and forgets it once the answer is back. If the answer
/// never arrives (the connection dropped, the server was killed after the commit), the tab still knows the
/// submission's id, and <see cref="PendingSaveCheck"/> asks after a reload whether it was saved. Every form that
/// saves sends through <see cref="RunAsync{T}"/>. The browser is asked, never relied on: if it cannot be reached the
/// save goes ahead all the same.
/// </summary>
public sealed class PendingSaves(IJSRuntime js, TimeProvider time) : IAsyncDisposable
{
    private IJSObjectReference? module;

    /// <param name="what">How the page names it to the person: "status update of VC-03".</param>
    /// <param name="typed">The form, to keep a copy of what was typed until the answer comes.</param>
    public async Task<T> RunAsync<T>(Guid submission, string what, object? typed, Func<Task<T>> save)
    {
        var id = submission.ToString();
        await TryAsync(m => m.InvokeVoidAsync("remember", id, new PendingSave(id, what, TypedText.Of(typed), time.GetUtcNow().UtcDateTime)));
        var result = await save();
        await TryAsync(m => m.InvokeVoidAsync("forget", id));
        return result;
    }

    public async Task<IReadOnlyList<PendingSave>> ListAsync()
    {
        IReadOnlyList<PendingSave> found = [];
        await TryAsync(async m => found = await m.InvokeAsync<PendingSave[]?>("list") ?? []);
        return found;
    }

    public Task ForgetAsync(string id) => TryAsync(m => m.InvokeVoidAsync("forget", id));

    /// <summary>Puts text on the clipboard; false when the browser would not.</summary>
    public async Task<bool> CopyAsync(string text)
    {
        var copied = false;
        await TryAsync(async m =>
        {
            await m.InvokeVoidAsync("copy", text);
            copied = true;
        });
        return copied;
    }

    private async Task TryAsync(Func<IJSObjectReference, ValueTask> call)
    {
        try
        {
            module ??= await js.InvokeAsync<IJSObjectReference?>("import", "./js/pending-saves.js");
            if (module is not null) await call(module);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // The browser is gone or refused: the save itself does not depend on it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (module is not null) await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
