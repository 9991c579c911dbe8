using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Samples;
using CommunitySafety.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace CommunitySafety.Web;

/// <summary>
/// What the app does before it serves requests, and the one-off command-line switches:
/// <c>--load-samples</c> loads samples/ and exits; <c>--create-admin EMAIL</c> creates the first administrator with the
/// password in the environment variable CS_ADMIN_PASSWORD and exits.
/// </summary>
public static class StartupCommands
{
    /// <summary>Under the startup lock, so instances started together take turns and a killed one never blocks the next.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupCommands));
        await using (await StartupLock.AcquireAsync(app.Services.GetRequiredService<DatabaseTarget>(), log))
        {
            return await RunUnderLockAsync(app, args);
        }
    }

    private static async Task<int?> RunUnderLockAsync(WebApplication app, string[] args)
    {
        await DatabaseSetup.MigrateAsync(app.Services);
        await EnsureRolesAsync(app);
        EnsureDataProtectionKey(app);
        var samples = app.Configuration.GetSection("Samples").Get<SampleOptions>() ?? new SampleOptions();
        var folder = samples.Path ?? SampleLoader.DefaultFolder;

        if (args.Contains("--load-samples"))
        {
            var results = await LoadSamplesAsync(app, folder, samples.CreateDemoAccounts);
            foreach (var result in results ?? [])
            {
                Console.WriteLine($"{result.File}: {result.Slug} {result.Message}");
            }

            return results is null ? 1 : 0;
        }

        var adminIndex = Array.IndexOf(args, "--create-admin");
        if (adminIndex >= 0)
        {
            return await CreateAdministratorAsync(app, args.ElementAtOrDefault(adminIndex + 1));
        }

        if (samples.LoadOnStartup && await LoadSamplesAsync(app, folder, samples.CreateDemoAccounts) is null)
        {
            return 1;
        }

        return null;
    }

    private static async Task EnsureRolesAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>
    /// The first key is made here, under the lock, rather than by whichever instance first signs someone in: two
    /// instances making one each at the same moment would each refuse the other's cookies until they reread the ring.
    /// </summary>
    private static void EnsureDataProtectionKey(WebApplication app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CommunitySafety.Startup").Protect([1]);

    /// <summary>The files loaded, or null when they were not: then every problem has been printed, with no stack trace.</summary>
    private static async Task<IReadOnlyList<SampleLoadResult>?> LoadSamplesAsync(WebApplication app, string folder, bool demoAccounts)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<SampleLoader>();
        try
        {
            return await loader.LoadFolderAsync(folder, demoAccounts);
        }
        catch (Exception ex) when (ex is InvalidSampleFilesException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return null;
        }
    }

    private static async Task<int> CreateAdministratorAsync(WebApplication app, string? email)
    {
        var password = Environment.GetEnvironmentVariable("CS_ADMIN_PASSWORD");
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("Usage: CS_ADMIN_PASSWORD='...' dotnet run --project src/CommunitySafety.Web -- --create-admin someone@council.gov.uk");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, AppRoles.Administrator);
        if (created.Succeeded) created = await users.AddClaimAsync(user, new System.Security.Claims.Claim(AppClaims.Cleared, "true"));
        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync("The administrator was not created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        Console.WriteLine($"Administrator {email} created.");
        return 0;
    }
}
