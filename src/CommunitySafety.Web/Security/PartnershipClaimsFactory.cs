using System.Security.Claims;
using CommunitySafety.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Security;

/// <summary>Puts the person and partnership an account belongs to into its cookie, so rules need no extra lookup.</summary>
public sealed class PartnershipClaimsFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    Features.Account.TwoFactorRequirement twoFactor)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if (user.PersonId is { } person) identity.AddClaim(new Claim(AppClaims.PersonId, person.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.PartnershipId is { } partnership) identity.AddClaim(new Claim(AppClaims.PartnershipId, partnership.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (await twoFactor.MustEnrolAsync(user)) identity.AddClaim(new Claim(AppClaims.MustEnrolTwoFactor, "true"));
        return identity;
    }
}
