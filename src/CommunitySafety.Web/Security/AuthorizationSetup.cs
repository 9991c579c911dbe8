using System.Security.Claims;
using CommunitySafety.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommunitySafety.Web.Security;

public static class AuthorizationSetup
{
    public static IServiceCollection AddPartnershipAuthorization(this IServiceCollection services)
    {
        // An account that must still set up two-step sign-in passes none of these until it has.
        static AuthorizationPolicyBuilder Enrolled(AuthorizationPolicyBuilder p) => p.RequireAuthenticatedUser()
            .RequireAssertion(c => !c.User.HasClaim(AppClaims.MustEnrolTwoFactor, "true"));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ReadReports, p => Enrolled(p).RequireRole(AppRoles.All))
            .AddPolicy(Policies.ReadActionPlan, p => Enrolled(p).RequireRole(
                AppRoles.Administrator, AppRoles.Coordinator, AppRoles.PartnerLead, AppRoles.BoardMember))
            .AddPolicy(Policies.UpdateActions, p => Enrolled(p).RequireRole(
                AppRoles.Administrator, AppRoles.Coordinator, AppRoles.PartnerLead))
            .AddPolicy(Policies.EditStrategy, p => Enrolled(p).RequireRole(AppRoles.Administrator, AppRoles.Coordinator))
            .AddPolicy(Policies.Administer, p => Enrolled(p).RequireRole(AppRoles.Administrator))
            .AddPolicy(Policies.ManageAccounts, p => Enrolled(p).RequireRole(AppRoles.Administrator, AppRoles.Coordinator))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .SetDefaultPolicy(Enrolled(new AuthorizationPolicyBuilder()).Build())
            // Anything that forgets to name a policy still needs a signed-in user.
            .SetFallbackPolicy(Enrolled(new AuthorizationPolicyBuilder()).Build());
        services.AddScoped<ActorAccessor>();
        return services;
    }

    public static Actor ToActor(this ClaimsPrincipal user)
    {
        static int? IntClaim(ClaimsPrincipal u, string type) =>
            int.TryParse(u.FindFirstValue(type), out var v) ? v : null;

        return new Actor(
            UserId: user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            Name: user.FindFirstValue(AppClaims.DisplayName) ?? user.Identity?.Name ?? "",
            PersonId: IntClaim(user, AppClaims.PersonId),
            PartnershipId: IntClaim(user, AppClaims.PartnershipId),
            IsAdministrator: user.IsInRole(AppRoles.Administrator),
            IsCoordinator: user.IsInRole(AppRoles.Coordinator),
            IsPartnerLead: user.IsInRole(AppRoles.PartnerLead),
            IsBoardMember: user.IsInRole(AppRoles.BoardMember),
            IsScrutinyMember: user.IsInRole(AppRoles.ScrutinyMember),
            IsCleared: user.HasClaim(AppClaims.Cleared, "true"));
    }
}

/// <summary>The signed-in user as the partnership's rules see them, for components and services in a circuit.</summary>
public sealed class ActorAccessor(AuthenticationStateProvider authenticationState)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.ToActor();
    }
}
