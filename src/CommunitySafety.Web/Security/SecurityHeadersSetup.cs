using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommunitySafety.Web.Security;

/// <summary>
/// The response headers every page and file carries, and a content security policy that Blazor Server and MudBlazor
/// run under: scripts only from this site (and the one inline import map, by nonce), no plugins, no framing, forms
/// posting only here or to the configured sign-on provider.
/// </summary>
public static class SecurityHeadersSetup
{
    public static IServiceCollection AddAppSecurityHeaders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Sign-in with single sign-on posts here, then the browser is redirected to the provider: form-action must allow it.
        var signOn = configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>();
        var formTargets = signOn?.IsConfigured == true && Uri.TryCreate(signOn.Authority, UriKind.Absolute, out var authority)
            ? new[] { authority.GetLeftPart(UriPartial.Authority) }
            : [];

        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(p => Common(p).AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self().WithNonce();
                // MudBlazor writes style attributes and a theme <style> element, and Blazor sets attributes from the
                // server; neither can carry a nonce. Styles cannot run code, so this is the accepted trade.
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddFormAction().Self().From(formTargets);
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
                csp.AddObjectSrc().None();
            }));

        // The antiforgery cookie and the sign-in cookies travel only over HTTPS outside development.
        var secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = secure);
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = secure);
        return services;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection p) => p
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddCrossOriginOpenerPolicy(x => x.SameOrigin())
        .AddCrossOriginResourcePolicy(x => x.SameOrigin())
        .AddPermissionsPolicyWithDefaultSecureDirectives()
        .AddStrictTransportSecurityMaxAge()
        .RemoveServerHeader();
}
