using CommunitySafety.Web.Features;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CommunitySafety.Web.Components.Layout;

/// <summary>
/// Round each page: a failure nothing else handled shows <see cref="Shared.PageError"/> in place of the page, the
/// layout and the circuit go on working, and the failure is logged once, as an error, with the page it happened on.
/// </summary>
public sealed class PageErrorBoundary : ErrorBoundary
{
    [Inject] private ILogger<PageErrorBoundary> Logger { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        Logger.LogError(exception, "The page {Page} failed{Cause}", Navigation.Uri,
            SaveGuard.IsStorageFailure(exception) ? ": the database could not be read or written, so nothing of the last action was saved" : "");
        return Task.CompletedTask;
    }
}
