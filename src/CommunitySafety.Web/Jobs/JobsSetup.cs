using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace CommunitySafety.Web.Jobs;

public sealed class HangfireOptions
{
    /// <summary>"InMemory" (default) or "PostgreSql"; a <c>ConnectionStrings:Hangfire</c> also selects PostgreSQL.</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>Off where something else drives the jobs (the tests call the scan and the send directly).</summary>
    public bool ServerEnabled { get; set; } = true;
}

public sealed class ReminderScheduleOptions
{
    /// <summary>When the scan runs, as a cron expression in <see cref="TimeZone"/>; default 07:00 every day.</summary>
    public string Cron { get; set; } = "0 7 * * *";

    public string TimeZone { get; set; } = "Europe/London";
}

public static class JobsSetup
{
    public static IServiceCollection AddReminderJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Hangfire").Get<HangfireOptions>() ?? new HangfireOptions();
        var postgres = configuration.GetConnectionString("Hangfire");
        var usePostgres = !string.IsNullOrWhiteSpace(postgres) || string.Equals(options.Storage, "PostgreSql", StringComparison.OrdinalIgnoreCase);
        if (usePostgres && string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException("Hangfire:Storage is PostgreSql but ConnectionStrings:Hangfire is not set.");
        }

        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (usePostgres) c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(postgres));
            else c.UseInMemoryStorage();
        });
        if (options.ServerEnabled) services.AddHangfireServer();
        services.Configure<ReminderScheduleOptions>(configuration.GetSection("Reminders"));
        services.AddScoped<ReminderJobs>();
        services.AddSingleton<IReminderDispatch, HangfireReminderDispatch>();
        return services;
    }

    /// <summary>The dashboard at /hangfire (administrators only) and the daily scan on its schedule.</summary>
    public static WebApplication MapReminderJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "CommunitySafety jobs",
            AppPath = "/",
            Authorization = [new AdministratorsOnly()],
        });
        var schedule = app.Configuration.GetSection("Reminders").Get<ReminderScheduleOptions>() ?? new ReminderScheduleOptions();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJobs>(
            ReminderJobs.ScanJobId,
            j => j.ScanAsync(CancellationToken.None),
            schedule.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone) });
        return app;
    }

    /// <summary>The signed-in cookie user must be an administrator; the app's fallback policy has already required sign-in.</summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(AppRoles.Administrator);
    }
}
