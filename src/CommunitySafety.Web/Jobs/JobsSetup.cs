using CommunitySafety.Web.Features.Reminders;
using CommunitySafety.Web.Security;
using Hangfire;
using Hangfire.Dashboard;

namespace CommunitySafety.Web.Jobs;

public sealed class HangfireOptions
{
    /// <summary>Where jobs are kept; by default beside the application database (see <see cref="JobStorageKind"/>).</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Auto;

    /// <summary>The SQLite job store, its own file. Relative paths are under the app's content root.</summary>
    public string SqlitePath { get; set; } = "App_Data/hangfire.db";

    /// <summary>How often an idle worker looks for a new job in the store.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Off where something else drives the background work (the tests call the scan and the sweep directly).</summary>
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

        // Hangfire keeps "the" storage in a static; this host's storage is kept and registered as its own so that two
        // hosts in one process (the tests run several) never enqueue into each other's.
        var storage = new HostStorage();
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return storage.Value ?? throw new InvalidOperationException("Hangfire storage was not configured.");
        });
        services.AddHangfire((provider, c) =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
                .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            storage.Value = JobStorageSetup.Create(provider);
            c.UseStorage(storage.Value);
        });
        if (options.ServerEnabled)
        {
            services.AddHangfireServer();
            services.AddHostedService<ReminderSweepService>();
        }

        services.Configure<ReminderScheduleOptions>(configuration.GetSection("Reminders"));
        services.AddScoped<ReminderJobs>();
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
        }).RequireAuthorization(Policies.Administer);
        var schedule = app.Configuration.GetSection("Reminders").Get<ReminderScheduleOptions>() ?? new ReminderScheduleOptions();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReminderJobs>(
            ReminderJobs.ScanJobId,
            j => j.ScanAsync(CancellationToken.None),
            schedule.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone) });
        return app;
    }

    /// <summary>
    /// Hangfire's log provider is process-wide too: once the host that set it has stopped, its logger factory is
    /// disposed and every Hangfire call in a host still running would throw. Such log lines are dropped instead.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        private readonly Hangfire.AspNetCore.AspNetCoreLogProvider inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return Silent.Instance;
            }
        }

        private sealed class Silent : Hangfire.Logging.ILog
        {
            public static readonly Silent Instance = new();

            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    private sealed class HostStorage
    {
        public JobStorage? Value { get; set; }
    }

    /// <summary>
    /// Hangfire's own check, behind the endpoint's policy: that policy sends others to sign in or to the access-denied
    /// page, where this filter alone would answer a bare 403.
    /// </summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(AppRoles.Administrator);
    }
}
