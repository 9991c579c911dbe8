using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CommunitySafety.EndToEnd.Tests.Security;

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1: OpenIddict's server with its Entity Framework stores on a SQLite file,
/// the authorization code flow with PKCE, and a sign-in form of its own, as a council's identity provider would have.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    public const string ClientId = "communitysafety";
    public const string ClientSecret = "test-client-secret-that-is-long-enough";
    public const string ProviderName = "Test Council";

    /// <summary>The provider's people: email, password, whether it vouches for the email, and their subject id.</summary>
    public static readonly IReadOnlyList<(string Email, string Password, bool Verified, string Subject)> People =
    [
        ("coordinator@safermk.example", "provider password 1", true, "subject-coordinator"),
        ("unverified.board@safermk.example", "provider password 2", false, "subject-unverified"),
        ("stranger@council.example", "provider password 3", true, "subject-stranger"),
    ];

    private readonly WebApplication app;
    private readonly string databasePath;

    private OidcTestProvider(WebApplication app, string databasePath)
    {
        this.app = app;
        this.databasePath = databasePath;
    }

    public string Authority { get; private set; } = "";

    public static async Task<OidcTestProvider> StartAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), "communitysafety-tests", $"oidc-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite($"Data Source={databasePath}");
            o.UseOpenIddict();
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.LoginPath = "/login");
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", (string? returnUrl) => Results.Content(LoginForm(returnUrl, null), "text/html"));
        app.MapPost("/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var returnUrl = form["returnUrl"].ToString();
            var person = People.FirstOrDefault(p => p.Email == form["email"].ToString() && p.Password == form["password"].ToString());
            if (person.Email is null) return Results.Content(LoginForm(returnUrl, "Wrong email or password."), "text/html");
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, person.Email)], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(returnUrl.StartsWith('/') ? returnUrl : "/");
        });
        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var signedIn = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!signedIn.Succeeded)
            {
                return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString },
                    [CookieAuthenticationDefaults.AuthenticationScheme]);
            }

            var person = People.Single(p => p.Email == signedIn.Principal!.Identity!.Name);
            var identity = new ClaimsIdentity(Microsoft.IdentityModel.Tokens.TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Email, person.Email).SetClaim(Claims.Name, person.Email)
                .SetClaim(Claims.EmailVerified, person.Verified);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var provider = new OidcTestProvider(app, databasePath) { Authority = address.TrimEnd('/') + "/" };
        // Answered once before any test, so the first sign-on does not pay for the provider's start-up.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        (await http.GetAsync(provider.Authority + ".well-known/openid-configuration")).EnsureSuccessStatusCode();
        (await http.GetAsync(provider.Authority + ".well-known/jwks")).EnsureSuccessStatusCode();
        return provider;
    }

    /// <summary>Registers the app as a confidential client, once its own address (and so its redirect address) is known.</summary>
    public async Task RegisterClientAsync(string appBaseUrl)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "CommunitySafety",
            RedirectUris = { new Uri(appBaseUrl.TrimEnd('/') + "/signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private static string LoginForm(string? returnUrl, string? error) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Test Council sign-in</title></head>
        <body><main>
        <h1>Test Council: sign in</h1>
        {(error is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}
        <form method="post" action="/login">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl ?? "/")}">
          <label for="email">Work email</label> <input id="email" name="email" type="email">
          <label for="password">Council password</label> <input id="password" name="password" type="password">
          <button type="submit">Sign in to Test Council</button>
        </form>
        </main></body></html>
        """;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { File.Delete(databasePath); } catch (IOException) { }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
