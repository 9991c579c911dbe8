using System.Security.Claims;
using Bunit;
using CommunitySafety.Tests;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features;
using CommunitySafety.Web.Security;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CommunitySafety.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor (loose JS interop, as in MudBlazor's own tests) and the app's real feature services reading
/// the test app's database.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    // bUnit waits 1 second by default; a page's first query on a fresh PostgreSQL database on a loaded machine can take
    // longer. A longer wait only delays a failure, it never hides one.
    static ComponentTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's dialog and key services can only be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    protected ComponentTestContext(TestApp app)
    {
        App = app;
        _ = app.Server;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Services.AddSingleton<TimeProvider>(app.Clock);
        Services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        Services.AddFeatureServices();
        Services.AddScoped<ActorAccessor>();
    }

    protected TestApp App { get; }

    /// <summary>
    /// Finds the element and clicks it in one turn of the page's dispatcher. Found first and clicked after, a render in
    /// between (a MudBlazor part settling after its first render, on a loaded machine) leaves the test clicking a
    /// handler the page has already replaced.
    /// </summary>
    protected static Task ClickAsync<TComponent>(IRenderedComponent<TComponent> page, string selector, Func<AngleSharp.Dom.IElement, bool> which)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        page.InvokeAsync(() => page.FindAll(selector).First(which).Click());

    /// <summary>Clicks the button whose text is <paramref name="text"/> (see the overload for why in one turn).</summary>
    protected static Task ClickButtonAsync<TComponent>(IRenderedComponent<TComponent> page, string text)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        ClickAsync(page, "button", b => b.TextContent.Trim() == text);

    /// <summary>Signs the component tree in as a demo account, with the claims its cookie would carry.</summary>
    protected async Task SignInAsync(string email)
    {
        var actor = await App.ActorAsync(email);
        var auth = AddAuthorization();
        auth.SetAuthorized(actor.Name);
        var roles = new List<string>();
        if (actor.IsAdministrator) roles.Add(AppRoles.Administrator);
        if (actor.IsCoordinator) roles.Add(AppRoles.Coordinator);
        if (actor.IsPartnerLead) roles.Add(AppRoles.PartnerLead);
        if (actor.IsBoardMember) roles.Add(AppRoles.BoardMember);
        if (actor.IsScrutinyMember) roles.Add(AppRoles.ScrutinyMember);
        auth.SetRoles([.. roles]);
        // The policies these roles meet under AuthorizationSetup, for AuthorizeView Policy="…" (the menu, say).
        var policies = new List<string>();
        if (roles.Count > 0) policies.Add(Policies.ReadReports);
        if (actor.CanReadActionPlan) policies.Add(Policies.ReadActionPlan);
        if (actor.IsAdministrator || actor.IsCoordinator || actor.IsPartnerLead) policies.Add(Policies.UpdateActions);
        if (actor.IsAdministrator || actor.IsCoordinator) policies.Add(Policies.EditStrategy);
        if (actor.IsAdministrator) policies.Add(Policies.Administer);
        auth.SetPolicies([.. policies]);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, actor.UserId), new(AppClaims.DisplayName, actor.Name) };
        if (actor.PersonId is { } person) claims.Add(new Claim(AppClaims.PersonId, person.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (actor.PartnershipId is { } partnership) claims.Add(new Claim(AppClaims.PartnershipId, partnership.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (actor.IsCleared) claims.Add(new Claim(AppClaims.Cleared, "true"));
        auth.SetClaims([.. claims]);
    }
}
