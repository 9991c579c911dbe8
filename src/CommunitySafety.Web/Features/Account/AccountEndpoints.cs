using System.Security.Claims;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Any signed-in user may sign out. The antiforgery middleware checks only endpoints that bind a form, and this
        // one binds nothing, so the token is checked here: a post from another site signs nobody out.
        endpoints.MapPost("/account/logout", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            await signInManager.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        }).RequireAuthorization(Policies.SignedIn);

        // Single sign-on: the sign-in page's button posts here (with its antiforgery token) and the browser goes to the provider.
        endpoints.MapPost("/account/external-login", ([FromForm] string? returnUrl, [FromServices] SignInManager<ApplicationUser> signInManager, [FromServices] IOptions<SingleSignOnOptions> sso) =>
        {
            if (!sso.Value.IsConfigured) return Results.LocalRedirect("~/account/login");
            var callback = $"/account/external-callback?returnUrl={Uri.EscapeDataString(Login.SafeReturnUrl(returnUrl))}";
            return Results.Challenge(signInManager.ConfigureExternalAuthenticationProperties(SingleSignOnOptions.Scheme, callback), [SingleSignOnOptions.Scheme]);
        }).AllowAnonymous();

        endpoints.MapGet("/account/external-callback", ExternalCallbackAsync).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// Back from the provider. The account is the one already linked to this provider's subject, or else the one whose
    /// email is the provider's verified email, which is then linked. Signing on never creates an account.
    /// </summary>
    private static async Task<IResult> ExternalCallbackAsync(
        string? returnUrl, HttpContext http, [FromServices] AppSignInManager signInManager, [FromServices] IOptions<SingleSignOnOptions> sso,
        [FromServices] IDbContextFactory<AppDbContext> dbFactory, [FromServices] TimeProvider time, [FromServices] ILogger<SingleSignOnOptions> log)
    {
        static IResult Back(string message) => Results.LocalRedirect($"~/account/login?Message={message}");

        var info = await signInManager.GetExternalLoginInfoAsync();
        if (info is null) return Back("sso-failed");
        await http.SignOutAsync(IdentityConstants.ExternalScheme);

        var linked = await signInManager.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (linked.Succeeded) return Results.LocalRedirect("~" + Login.SafeReturnUrl(returnUrl));
        if (linked.IsNotAllowed || linked.IsLockedOut) return Back("disabled");

        var email = info.Principal.FindFirstValue(ClaimTypes.Email) ?? info.Principal.FindFirstValue("email");
        var verified = string.Equals(info.Principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(email) || (sso.Value.RequireVerifiedEmail && !verified))
        {
            log.LogWarning("Single sign-on by {Provider} subject {Subject} refused: no verified email", info.LoginProvider, info.ProviderKey);
            return Back("no-account");
        }

        var user = await signInManager.UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            log.LogWarning("Single sign-on by {Provider} subject {Subject} refused: no account has its email", info.LoginProvider, info.ProviderKey);
            return Back("no-account");
        }

        if (!await signInManager.CanSignInAsync(user)) return Back("disabled");
        var added = await signInManager.UserManager.AddLoginAsync(user, info);
        if (!added.Succeeded) return Back("sso-failed");
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            AccountAudit.Add(db, new AuditAuthor(user.Id, string.IsNullOrEmpty(user.DisplayName) ? email : user.DisplayName), user.Id,
                Domain.AuditOperation.Change, null, new { Event = $"Single sign-on linked ({info.ProviderDisplayName ?? info.LoginProvider})" }, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await signInManager.SignInAsync(user, isPersistent: false, info.LoginProvider);
        return Results.LocalRedirect("~" + Login.SafeReturnUrl(returnUrl));
    }
}
