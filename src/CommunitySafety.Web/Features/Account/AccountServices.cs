using CommunitySafety.Web.Data;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CommunitySafety.Web.Features.Account;

public sealed class AccountOptions
{
    public const string Section = "Authentication";

    /// <summary>How often an open page and a sign-in cookie are checked against the account: a change takes effect within this.</summary>
    public int RevalidationSeconds { get; set; } = 60;
}

public static class AccountServices
{
    /// <summary>Sign-in rules around Identity: limits, two-step sign-in, invitations, and single sign-on when configured.</summary>
    public static IServiceCollection AddAccountServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        services.AddOptions<LocalPasswordOptions>().BindConfiguration(LocalPasswordOptions.Section);
        services.AddOptions<SingleSignOnOptions>().BindConfiguration(SingleSignOnOptions.Section);
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<TwoFactorRequirement>();
        services.AddScoped<AccountEmails>();
        services.AddScoped(sp => (AppSignInManager)sp.GetRequiredService<SignInManager<ApplicationUser>>());

        var revalidation = TimeSpan.FromSeconds(Math.Max(1, configuration.GetSection(AccountOptions.Section).Get<AccountOptions>()?.RevalidationSeconds ?? 60));
        // The app's clock (a fixed one in tests) decides when a cookie is checked again.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, clock) =>
        {
            o.ValidationInterval = revalidation;
            o.TimeProvider = clock;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = AccountEmails.ResetLifetime);
        services.AddTransient<InviteTokenProvider>();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[InviteTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(InviteTokenProvider)));

        var sso = configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>();
        if (sso?.IsConfigured == true)
        {
            services.AddAuthentication().AddOpenIdConnect(SingleSignOnOptions.Scheme, sso.DisplayName, o =>
            {
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Authority = sso.Authority;
                o.ClientId = sso.ClientId;
                o.ClientSecret = sso.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.SaveTokens = false;
                o.MapInboundClaims = true;
                o.CallbackPath = "/signin-oidc";
                if (sso.Authority!.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    // A provider on plain http exists only on a developer's machine or in the tests: the correlation
                    // and nonce cookies cannot be Secure there, and SameSite=None requires Secure.
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                }
                // Back on the sign-in page with a message, not an exception page, when the provider refuses or fails.
                o.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOnOptions))
                        .LogWarning(context.Failure, "Single sign-on did not complete");
                    context.Response.Redirect("/account/login?Message=sso-failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        return services;
    }
}
