using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CommunitySafety.Web.Data;

namespace CommunitySafety.Web.Features.Account;

/// <summary>
/// Checks an open page's account against the database every <see cref="AccountOptions.RevalidationSeconds"/>: a
/// disabled account, or one whose roles, clearance or partnership changed (its security stamp moved on), is signed
/// out of the page, which then asks them to sign in again with what they now may do.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<AccountOptions> accountOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Max(1, accountOptions.Value.RevalidationSeconds));

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A new scope, so the user manager reads fresh data.
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private readonly ILogger log = loggerFactory.CreateLogger<IdentityRevalidatingAuthenticationStateProvider>();

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || user.DisabledAt is not null)
        {
            log.LogInformation("An open page was signed out: its account {UserId} is gone or disabled", userManager.GetUserId(principal));
            return false;
        }

        if (!userManager.SupportsUserSecurityStamp) return true;
        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        var userStamp = await userManager.GetSecurityStampAsync(user);
        if (principalStamp == userStamp) return true;
        log.LogInformation("An open page of {UserId} was signed out: the account changed since it signed in", user.Id);
        return false;
    }
}
