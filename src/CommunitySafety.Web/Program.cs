using CommunitySafety.Web;
using CommunitySafety.Web.Components;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features;
using CommunitySafety.Web.Features.Account;
using CommunitySafety.Web.Features.Export;
using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Features.Reports;
using CommunitySafety.Web.Features.Samples;
using CommunitySafety.Web.Jobs;
using CommunitySafety.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    // Room for a long pasted text to reach the server, so its validator can say it is too long; at the default
    // 32 KB the circuit would simply drop.
    .AddHubOptions(o => o.MaximumReceiveMessageSize = 512 * 1024);
builder.Services.AddMudServices();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPartnershipDatabase(builder.Environment);
// Keys in the database: cookies, antiforgery tokens and circuit state survive a restart and are valid on every instance.
builder.Services.AddDataProtection().SetApplicationName("CommunitySafety").PersistKeysToDbContext<AppDbContext>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddPostgreSqlChangeRelay(builder.Configuration);

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = IdentityConstants.ApplicationScheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/account/login";
    o.AccessDeniedPath = "/account/access-denied";
});
builder.Services.AddIdentityCore<ApplicationUser>(o =>
    {
        o.User.RequireUniqueEmail = true;
        // NCSC guidance: length beats composition rules, so a long passphrase is enough.
        o.Password.RequiredLength = 12;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<AppDbContext>()
    .AddSignInManager<AppSignInManager>()
    .AddClaimsPrincipalFactory<PartnershipClaimsFactory>()
    .AddDefaultTokenProviders();
builder.Services.AddPartnershipAuthorization();
builder.Services.AddAppSecurityHeaders(builder.Configuration, builder.Environment);
builder.Services.AddAccountServices(builder.Configuration);

builder.Services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
builder.Services.Configure<SampleOptions>(builder.Configuration.GetSection("Samples"));
builder.Services.AddScoped<SampleLoader>();
builder.Services.AddFeatureServices();
builder.Services.AddReminderJobs(builder.Configuration);

var app = builder.Build();

var exitCode = await StartupCommands.RunAsync(app, args);
if (exitCode is { } code)
{
    return code;
}

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
// Re-executed as a POST (a form without its antiforgery token, a post to a download), the status page would be
// taken for a form post to it and fail again; it only shows, so it is rendered as for a GET.
app.Use((context, next) =>
{
    if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null) context.Request.Method = HttpMethods.Get;
    return next(context);
});
app.UseAntiforgery();
// Stylesheets, scripts and the circuit hub carry no data; signed out without them every page is blank.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymousFrameworkEndpoints();
app.MapAccountEndpoints();
app.MapReportEndpoints();
app.MapExportEndpoints();
app.MapCalendarFeeds();
app.MapReminderJobs();
// For load balancers: says only Healthy or Unhealthy (the database answers, its migrations are applied).
app.MapHealthChecks("/health").AllowAnonymous();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
